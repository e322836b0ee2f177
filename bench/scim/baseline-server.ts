/**
 * The baseline for the SCIM benchmarks: a bare express 5 app with hand-written SQL and nothing
 * else (no auth, no mapping, no log), on the same kind of database as Admit:
 *   POST  /Users               inserts one row
 *   GET   /Users?filter=userName eq "x"   one indexed SELECT
 *   PATCH /Users/:id            one UPDATE of `active`, then one SELECT of the row
 * Started by bench/scim/common.ts `startBaseline` with BASELINE_DB (sqlite | mysql),
 * BASELINE_TARGET (file path | mysql:// URL) and BASELINE_PORT.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import express, { type Request, type Response } from "express";
import mysql from "mysql2/promise";

interface Row {
  id: string;
  user_name: string;
  active: number;
}

interface Store {
  insert(id: string, userName: string, body: string): Promise<void>;
  byUserName(userName: string): Promise<Row | undefined>;
  setActive(id: string, active: boolean): Promise<Row | undefined>;
}

async function sqliteStore(file: string): Promise<Store> {
  const db = new Database(file);
  // The same pragmas as Admit's SQLite connection (src/db/data-source.ts).
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE IF NOT EXISTS bench_users (
    id TEXT PRIMARY KEY, user_name TEXT NOT NULL UNIQUE, active INTEGER NOT NULL,
    body TEXT NOT NULL, created_at TEXT NOT NULL)`);
  const insert = db.prepare(
    "INSERT INTO bench_users (id, user_name, active, body, created_at) VALUES (?, ?, 1, ?, ?)",
  );
  const byName = db.prepare("SELECT id, user_name, active FROM bench_users WHERE user_name = ?");
  const update = db.prepare("UPDATE bench_users SET active = ? WHERE id = ?");
  const byId = db.prepare("SELECT id, user_name, active FROM bench_users WHERE id = ?");
  return {
    async insert(id, userName, body) {
      insert.run(id, userName, body, new Date().toISOString());
    },
    async byUserName(userName) {
      return byName.get(userName) as Row | undefined;
    },
    async setActive(id, active) {
      update.run(active ? 1 : 0, id);
      return byId.get(id) as Row | undefined;
    },
  };
}

async function mysqlStore(url: string): Promise<Store> {
  // The same pool size as Admit's default DATABASE_POOL_SIZE.
  const pool = mysql.createPool({ uri: url, connectionLimit: 10, waitForConnections: true });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_users (
    id CHAR(36) NOT NULL PRIMARY KEY, user_name VARCHAR(255) NOT NULL UNIQUE, active TINYINT NOT NULL,
    body LONGTEXT NOT NULL, created_at DATETIME(3) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  return {
    async insert(id, userName, body) {
      await pool.execute(
        "INSERT INTO bench_users (id, user_name, active, body, created_at) VALUES (?, ?, 1, ?, ?)",
        [id, userName, body, new Date()],
      );
    },
    async byUserName(userName) {
      const [rows] = await pool.execute("SELECT id, user_name, active FROM bench_users WHERE user_name = ?", [
        userName,
      ]);
      return (rows as Row[])[0];
    },
    async setActive(id, active) {
      await pool.execute("UPDATE bench_users SET active = ? WHERE id = ?", [active ? 1 : 0, id]);
      const [rows] = await pool.execute("SELECT id, user_name, active FROM bench_users WHERE id = ?", [id]);
      return (rows as Row[])[0];
    },
  };
}

const resource = (row: Row) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: row.id,
  userName: row.user_name,
  active: row.active === 1,
});

async function main(): Promise<void> {
  const kind = process.env.BASELINE_DB;
  const target = process.env.BASELINE_TARGET ?? "";
  const store = kind === "mysql" ? await mysqlStore(target) : await sqliteStore(target);
  const app = express();
  app.use(express.json({ type: ["application/json", "application/*+json"] }));
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.post("/Users", async (req: Request, res: Response) => {
    const body = req.body as { userName?: string };
    const id = randomUUID();
    const userName = String(body.userName);
    await store.insert(id, userName, JSON.stringify(body));
    res.status(201).json(resource({ id, user_name: userName, active: 1 }));
  });
  app.get("/Users", async (req: Request, res: Response) => {
    const match = /^userName eq "(.*)"$/.exec(String(req.query.filter ?? ""));
    const row = match ? await store.byUserName(match[1] as string) : undefined;
    const found = row ? [resource(row)] : [];
    res.json({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: found.length,
      Resources: found,
    });
  });
  app.patch("/Users/:id", async (req: Request, res: Response) => {
    const op = (req.body as { Operations?: Array<{ value?: unknown }> }).Operations?.[0];
    const row = await store.setActive(String(req.params.id), op?.value === true);
    if (!row) {
      res.status(404).end();
      return;
    }
    res.json(resource(row));
  });
  app.use((error: Error, _req: Request, res: Response, _next: express.NextFunction) => {
    res.status(500).json({ detail: error.message });
  });
  const port = Number(process.env.BASELINE_PORT);
  const server = app.listen(port, "127.0.0.1");
  process.once("SIGTERM", () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
