/**
 * A preload for the Admit server that counts SQL statements per kind of HTTP request, used by
 * `bench/scim/run.ts --count-queries <file>` (never by the server itself):
 *
 *   node -r ts-node/register/transpile-only -r ./bench/scim/query-counter.ts dist/main.js
 *
 * It wraps better-sqlite3's Statement run/all/get/iterate and Database exec, and mysql2's
 * Connection query/execute, and attributes each statement to the HTTP request it runs for
 * (through AsyncLocalStorage). For SQLite the time is the synchronous engine time of the call;
 * for MySQL it is the time until the answer came back (including waiting for a pooled
 * connection's turn on the server). At exit it writes a text summary to QUERY_COUNT_FILE.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { writeFileSync } from "node:fs";
import http from "node:http";

interface Tally {
  requests: number;
  statements: Map<string, { count: number; ms: number }>;
}

const als = new AsyncLocalStorage<string>();
const tallies = new Map<string, Tally>();
const tallyOf = (kind: string): Tally => {
  let tally = tallies.get(kind);
  if (!tally) tallies.set(kind, (tally = { requests: 0, statements: new Map() }));
  return tally;
};

/** "PATCH /scim/v2/Users/{id}", "GET /scim/v2/Users?filter": one bucket per kind of request. */
function kindOf(req: http.IncomingMessage): string {
  const [path = "", query] = (req.url ?? "").split("?", 2);
  const shape = path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "{id}");
  const params = query ? `?${[...new URLSearchParams(query).keys()].join("&")}` : "";
  return `${req.method ?? "?"} ${shape}${params}`;
}

const originalEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]) {
  if (event === "request") {
    const kind = kindOf(args[0] as http.IncomingMessage);
    tallyOf(kind).requests++;
    return als.run(kind, () => Reflect.apply(originalEmit, this, [event, ...args]) as boolean);
  }
  return Reflect.apply(originalEmit, this, [event, ...args]) as boolean;
} as typeof http.Server.prototype.emit;

const normalize = (sql: string) =>
  sql
    .replace(/\s+/g, " ")
    .replace(/\((?:\s*(?:\?|@\d+|'[^']*'|\d+)\s*,)+\s*(?:\?|@\d+|'[^']*'|\d+)\s*\)/g, "(…)")
    .trim()
    // A long column list says little: "SELECT <12 columns> FROM …".
    .replace(/^SELECT (.+?) FROM /, (all, columns: string) =>
      columns.includes(" AS ") && columns.split(",").length > 3
        ? `SELECT <${columns.split(",").length} columns> FROM `
        : all,
    );

const OUTSIDE = "(outside a request: startup, or after the response)";

/** `kind` is taken when the statement is sent: a driver's callback may run in another context. */
function record(sql: string, ms: number, kind = als.getStore()): void {
  const tally = tallyOf(kind ?? OUTSIDE);
  const key = normalize(sql);
  const entry = tally.statements.get(key) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += ms;
  tally.statements.set(key, entry);
}

type AnyFn = (...args: unknown[]) => unknown;

function wrapSync(
  proto: Record<string, unknown>,
  name: string,
  sqlOf: (self: unknown, args: unknown[]) => string,
) {
  const original = proto[name] as AnyFn | undefined;
  if (typeof original !== "function") return;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    const started = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      record(sqlOf(this, args), Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
}

try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require("better-sqlite3") as new (file: string) => {
    prepare(sql: string): object;
    close(): void;
  };
  const probe = new Database(":memory:");
  const statementProto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
  probe.close();
  for (const name of ["run", "all", "get", "iterate"]) {
    wrapSync(statementProto, name, (self) => (self as { source: string }).source);
  }
  wrapSync(Database.prototype as unknown as Record<string, unknown>, "exec", (_self, args) =>
    String(args[0]),
  );
} catch {
  // better-sqlite3 not installed
}

try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require("mysql2") as { Connection: { prototype: Record<string, unknown> } };
  for (const name of ["query", "execute"]) {
    const proto = mysql.Connection.prototype;
    const original = proto[name] as AnyFn;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { sql?: string };
      const sql = typeof first === "string" ? first : (first?.sql ?? "?");
      const started = process.hrtime.bigint();
      const kind = als.getStore();
      const done = () => record(sql, Number(process.hrtime.bigint() - started) / 1e6, kind);
      const last = args.length - 1;
      if (typeof args[last] === "function") {
        const callback = args[last] as AnyFn;
        args[last] = (...results: unknown[]) => {
          done();
          return callback(...results);
        };
        return original.apply(this, args);
      }
      const command = original.apply(this, args) as { once?(event: string, fn: () => void): void };
      command?.once?.("end", done);
      return command;
    };
  }
} catch {
  // mysql2 not installed
}

process.on("exit", () => {
  const file = process.env.QUERY_COUNT_FILE;
  if (!file) return;
  const lines: string[] = [];
  const kinds = [...tallies.entries()].sort((a, b) => b[1].requests - a[1].requests);
  for (const [kind, tally] of kinds) {
    const statements = [...tally.statements.entries()].sort((a, b) => b[1].count - a[1].count);
    const count = statements.reduce((n, [, s]) => n + s.count, 0);
    const ms = statements.reduce((n, [, s]) => n + s.ms, 0);
    const per = (n: number) => (tally.requests ? (n / tally.requests).toFixed(2) : "-");
    lines.push(
      `${kind}: ${tally.requests} requests, ${count} statements (${per(count)}/request), ` +
        `${ms.toFixed(0)} ms in the driver (${per(ms)} ms/request)`,
    );
    for (const [sql, s] of statements) {
      lines.push(
        `  ${per(s.count).padStart(6)}/req ${s.count.toString().padStart(7)}× ${(s.ms / s.count).toFixed(3)} ms  ${sql.slice(0, 400)}`,
      );
    }
    lines.push("");
  }
  writeFileSync(file, lines.join("\n"));
});
