import type { EntityManager } from "typeorm";
import { In } from "typeorm";
import { hashPassword } from "../auth";
import { User, type CreateUserOptions, type UserService } from "../directory";
import type { RowMessage } from "./entities";
import {
  alreadyExists,
  directoryMessages,
  duplicateInFile,
  isAppError,
  outcome,
  type KeyName,
  type RowOutcome,
} from "./outcome";
import type { ParsedRow } from "./row-parse";

const KEYS: KeyName[] = ["email", "userName", "externalId"];
// Stands in for a one-time password's hash in a dry run: the row takes the same path, nothing is kept.
const DRY_RUN_HASH = "dry-run";
const PROBED = Symbol("probed");

export interface BatchContext {
  organisationId: string;
  users: UserService;
  dryRun: boolean;
  /** Keys of rows created (or valid) so far in this file → their row number. */
  seen: Map<string, number>;
  otpExpiresAt: Date;
}

/** Rows of the batch that match users already in the organisation, by email, username or external id. */
export async function findExisting(
  em: EntityManager,
  organisationId: string,
  rows: ParsedRow[],
): Promise<Map<ParsedRow, KeyName>> {
  const values = (key: KeyName) => [...new Set(rows.map((r) => r.keys[key]).filter((v): v is string => !!v))];
  const [emails, userNames, externalIds] = [values("email"), values("userName"), values("externalId")];
  const where = [
    ...(emails.length ? [{ organisationId, emailKey: In(emails) }] : []),
    ...(userNames.length ? [{ organisationId, userNameKey: In(userNames) }] : []),
    ...(externalIds.length ? [{ organisationId, externalId: In(externalIds) }] : []),
  ];
  const found = where.length
    ? await em.find(User, {
        select: { id: true, emailKey: true, userNameKey: true, externalId: true },
        where,
      })
    : [];
  const taken = {
    email: new Set(found.map((u) => u.emailKey)),
    userName: new Set(found.map((u) => u.userNameKey)),
    externalId: new Set(found.map((u) => u.externalId)),
  };
  const matches = new Map<ParsedRow, KeyName>();
  for (const row of rows) {
    const key = KEYS.find((k) => row.keys[k] !== null && taken[k].has(row.keys[k]));
    if (key) matches.set(row, key);
  }
  return matches;
}

/** Hashes the one-time passwords of rows that will be tried, outside any transaction (argon2 is slow). */
export async function hashOneTimePasswords(
  rows: ParsedRow[],
  dryRun: boolean,
): Promise<Map<ParsedRow, string>> {
  const hashes = new Map<ParsedRow, string>();
  await Promise.all(
    rows
      .filter((r) => r.oneTimePassword !== null && r.problems.length === 0)
      .map(async (r) =>
        hashes.set(r, dryRun ? DRY_RUN_HASH : await hashPassword(r.oneTimePassword as string)),
      ),
  );
  return hashes;
}

/**
 * One batch inside the caller's transaction, row by row through `users.create` — the same write
 * path, rules and activation hook as creating a user by hand. The directory validates before it
 * writes, and a lost uniqueness race fails only its own INSERT, so a refused row leaves nothing
 * behind and the transaction goes on.
 */
export async function applyRows(
  tx: EntityManager,
  ctx: BatchContext,
  rows: ParsedRow[],
  existing: Map<ParsedRow, KeyName>,
  hashes: Map<ParsedRow, string>,
): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for (const row of rows) {
    const match = existing.get(row);
    if (match) {
      outcomes.push(alreadyExists(row, match));
      continue;
    }
    const duplicates: RowMessage[] = [];
    for (const key of KEYS) {
      const first = row.keys[key] !== null ? ctx.seen.get(`${key}:${row.keys[key]}`) : undefined;
      if (first !== undefined) duplicates.push(duplicateInFile(row, key, first));
    }
    if (duplicates.length) {
      outcomes.push(outcome(row, "error", [...duplicates, ...row.problems]));
      continue;
    }
    const hash = hashes.get(row);
    const options: CreateUserOptions = hash
      ? {
          source: "import",
          passwordHash: hash,
          passwordMustChange: true,
          passwordExpiresAt: ctx.otpExpiresAt,
        }
      : { source: "import" };
    if (row.problems.length) {
      outcomes.push(outcome(row, "error", [...row.problems, ...(await probe(tx, ctx, row, options))]));
      continue;
    }
    try {
      const user = await ctx.users.create(ctx.organisationId, row.fields, options, tx);
      for (const key of KEYS) if (row.keys[key] !== null) ctx.seen.set(`${key}:${row.keys[key]}`, row.number);
      outcomes.push(outcome(row, ctx.dryRun ? "valid" : "created", null, ctx.dryRun ? null : user.id));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === "directory.email_taken") outcomes.push(alreadyExists(row, "email"));
      else if (error.code === "directory.username_taken") outcomes.push(alreadyExists(row, "userName"));
      else if (error.status === 422) outcomes.push(outcome(row, "error", directoryMessages(error, row)));
      else throw error;
    }
  }
  return outcomes;
}

/**
 * A row the import already refused still goes through the directory, inside a savepoint that is
 * always rolled back, so the report lists every problem of the row at once.
 */
async function probe(tx: EntityManager, ctx: BatchContext, row: ParsedRow, options: CreateUserOptions) {
  try {
    await tx.transaction(async (inner) => {
      await ctx.users.create(ctx.organisationId, row.fields, options, inner);
      throw PROBED;
    });
  } catch (error) {
    if (error === PROBED) return [];
    if (isAppError(error) && error.status < 500) return directoryMessages(error, row);
    throw error;
  }
  return [];
}
