/** Shared by the notify integration tests: a clock to jump ahead, users, messages, raw rows, child processes. */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Clock } from "../../src/lib";
import type { OutgoingMessage } from "../../src/notify";
import { createTestOrg, type TestApp } from "../support/app";

/** Real time plus an offset the test moves forward, to reach a backoff or a lease's end. */
export function shiftingClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

let orgCounter = 0;

/** A fresh organisation with one active user (active: no activation message of its own). */
export async function orgWithUser(t: TestApp, email = "alice@example.com", phone?: string) {
  const api = await createTestOrg(t, `notify-${process.pid}-${++orgCounter}`, ["en"]);
  const { org } = api;
  const user = await t.services.directory.users.create(
    org.id,
    {
      firstName: "Alice",
      lastName: "Andersen",
      email,
      phone: phone ?? null,
      language: "en",
      jobProfileId: org.defaultJobProfileId as string,
      departmentIds: [org.defaultDepartmentId as string],
      permissionTypeIds: [org.defaultPermissionTypeId as string],
    },
    { source: "manual", status: "active" },
  );
  return { api, org, user };
}

export const LINK = "http://admit.test/o/acme/activate/tok_live_0123456789abcdef";

export function emailMessage(
  organisationId: string,
  userId: string | null,
  overrides: Partial<OutgoingMessage> = {},
): OutgoingMessage {
  return {
    organisationId,
    userId,
    channel: "email",
    to: "alice@example.com",
    purpose: "activation",
    subject: "Activate your account",
    text: `Hello Alice,\n\nSet your password here: ${LINK}\n`,
    html: `<p>Hello Alice,</p><p><a href="${LINK}">Set your password</a></p>`,
    fromName: "Acme Learning",
    replyTo: "hr@acme.example",
    ...overrides,
  };
}

export function smsMessage(
  organisationId: string,
  userId: string | null,
  overrides: Partial<OutgoingMessage> = {},
): OutgoingMessage {
  return {
    organisationId,
    userId,
    channel: "sms",
    to: "+4520123478",
    purpose: "activation",
    text: `Acme: set your password at ${LINK}`,
    ...overrides,
  };
}

/** Enqueues in its own committed transaction. */
export async function enqueue(t: TestApp, message: OutgoingMessage): Promise<string> {
  return t.services.withTransaction((tx) => t.services.notify.outbox.enqueue(tx, message));
}

/** The row as stored, read with plain SQL (what an attacker with the database would see). */
export async function rawRow(t: TestApp, id: string): Promise<Record<string, unknown>> {
  const rows: Record<string, unknown>[] = await t.dataSource.query(
    "SELECT * FROM outbox_messages WHERE id = ?",
    [id],
  );
  if (!rows[0]) throw new Error(`no outbox row ${id}`);
  return rows[0];
}

const ROOT = join(__dirname, "..", "..");

/** The environment of another Admit process on the test's database (see notify-child.ts). */
export function childEnv(t: TestApp, extra: Record<string, string>): NodeJS.ProcessEnv {
  const { database } = t.config;
  return {
    PATH: process.env.PATH,
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: t.config.dataDir,
    APP_SECRET: t.config.appSecret,
    DATABASE_URL: database.kind === "sqlite" ? `sqlite:${database.path}` : database.url,
    ...extra,
  };
}

export interface Child {
  process: ChildProcess;
  /** Resolves with the first JSON line on stdout that has `key`. */
  line<T = Record<string, unknown>>(key: string, timeoutMs?: number): Promise<T>;
  exited: Promise<number | null>;
}

/** Starts test/integration/notify-child.ts in its own Node process. */
export function spawnChild(mode: string, env: NodeJS.ProcessEnv, args: string[] = []): Child {
  const child = spawn(
    process.execPath,
    ["-r", join(ROOT, "scripts", "swc-register.js"), join(__dirname, "notify-child.ts"), mode, ...args],
    { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  /** One JSON value per line (notify-child.ts), or one pretty-printed document (`--json` of the CLI). */
  const documents = (): Record<string, unknown>[] =>
    [...stdout.split("\n"), stdout].flatMap((text) => {
      try {
        const value: unknown = JSON.parse(text);
        return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    exited,
    async line<T>(key: string, timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = documents().find((l) => key in l);
        if (found) return found as T;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`child ${mode} gave no "${key}" (exit ${child.exitCode}): ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
