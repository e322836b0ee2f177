import type { EntityManager } from "typeorm";
import { User, type PreparedUser, type UserService } from "../../../src/directory";
import { applyRows, type BatchContext } from "../../../src/import/batch";
import type { KeyName } from "../../../src/import/outcome";
import type { ParsedRow } from "../../../src/import/row-parse";
import { conflict } from "../../../src/lib";

/**
 * How a batch's rows meet the file's earlier rows and the users that exist, with a directory
 * writer that refuses chosen rows at insert time — as the database does when another channel
 * (SCIM, an administrator) created the same user between the import's check and its INSERT.
 */

const tx = {} as EntityManager;

function parsed(number: number, email: string): ParsedRow {
  return {
    number,
    fields: { email },
    oneTimePassword: null,
    problems: [],
    problemFields: new Set(),
    keys: { email, userName: null, externalId: null },
    phoneWasNumber: false,
    cellValues: [],
  };
}

/** A batch context whose writer refuses the rows numbered in `refused` (email taken meanwhile). */
function context(refused: Set<number>): BatchContext {
  const rowOf = new Map<User, number>();
  const users = {
    batch: async () => ({
      prepare: async (fields: { email: string }) => {
        const user = Object.assign(new User(), { id: fields.email, email: fields.email });
        const number = Number(/(\d+)$/.exec(fields.email.split("@")[0] ?? "")?.[1]);
        rowOf.set(user, number);
        return { user, valid: {} } as PreparedUser;
      },
      insert: async (prepared: PreparedUser[]) =>
        prepared.map((p) =>
          refused.has(rowOf.get(p.user) ?? 0)
            ? conflict("directory.email_taken", `A user with email ${p.user.email} already exists`, "email")
            : p.user,
        ),
    }),
  } as unknown as UserService;
  return {
    organisationId: "org",
    users,
    dryRun: false,
    seen: { email: new Map(), userName: new Map(), externalId: new Map() },
    otpExpiresAt: new Date(),
    catalogIds: new Set(),
  };
}

const none = new Map<ParsedRow, KeyName>();
const codes = (outcome: { status: string; messages: Array<{ code: string }> | null } | undefined) => [
  outcome?.status,
  (outcome?.messages ?? []).map((m) => m.code),
];

test("a repeat of a row created by an earlier batch is a duplicate row, though that user now exists", async () => {
  const ctx = context(new Set());
  await applyRows(tx, ctx, [parsed(2, "row2@example.com")], none, new Map());
  const repeat = parsed(1002, "row2@example.com");
  const [outcome] = await applyRows(tx, ctx, [repeat], new Map([[repeat, "email"]]), new Map());
  expect(codes(outcome)).toEqual(["error", ["import.duplicate_row"]]);
});

test("a repeat of a row the database refused (created meanwhile) meets that existing user: skipped", async () => {
  const ctx = context(new Set([2]));
  const [first] = await applyRows(tx, ctx, [parsed(2, "row2@example.com")], none, new Map());
  expect(codes(first)).toEqual(["skipped", ["import.already_exists"]]);
  const repeat = parsed(1002, "row2@example.com");
  const [outcome] = await applyRows(tx, ctx, [repeat], new Map([[repeat, "email"]]), new Map());
  expect(codes(outcome)).toEqual(["skipped", ["import.already_exists"]]);
});
