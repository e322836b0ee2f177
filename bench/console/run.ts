/**
 * Console page benchmark, run by hand (see docs/PERFORMANCE.md):
 *
 *   node -r ./scripts/swc-register.js bench/console/run.ts [--users 10000] [--db sqlite|mysql]
 *        [--mysql-url mysql://root@127.0.0.1:3306] [--runs 20]
 *
 * Seeds one organisation with `--users` users (through directory.users' batch path, as the import
 * writes them: 6 departments, 4 job profiles, a mix of statuses and sources) in a fresh database,
 * signs in an administrator and times the users list pages server-side: from the request entering
 * Express to the last byte of the response (the `finish` event), in process, no network. Prints
 * p50 / p95 / max per page; the target is p95 < 200 ms.
 */
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NextFunction, Request, Response } from "express";
import request from "supertest";
import { buildApp, createServices } from "../../src/app";
import { hashPassword } from "../../src/auth";
import type { DatabaseConfig } from "../../src/config";
import { openDatabase } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { testConfig } from "../../test/support/app";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]?.replace(/^--/, "") ?? "", process.argv[i + 1] ?? "");
const USERS = Number(args.get("users") ?? 10_000);
const DB = args.get("db") ?? "sqlite";
const MYSQL = args.get("mysql-url") ?? "mysql://root@127.0.0.1:3306";
const RUNS = Number(args.get("runs") ?? 20);
const PASSWORD = "bench-password-long-enough";

async function database(): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-console-"));
  if (DB !== "mysql") {
    return {
      config: { kind: "sqlite", path: join(dir, "admit.sqlite") },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const mysql = await import("mysql2/promise");
  const name = `admit_bench_console_${process.pid}`;
  const admin = await mysql.createConnection(MYSQL);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  return {
    config: { kind: "mysql", url: `${MYSQL}/${name}`, poolSize: 10 },
    drop: async () => {
      await admin.query(`DROP DATABASE \`${name}\``);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const db = await database();
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  try {
    const services = createServices(testConfig(db.config), dataSource, createLogger("warn"));
    const { directory, withTransaction } = services;
    const org = await directory.organisations.create({
      slug: "bench",
      name: "Bench",
      defaultLanguage: "en",
      languages: ["en", "da"],
    });
    const departments = [org.defaultDepartmentId as string];
    for (const name of ["Cardiology", "Surgery", "Oncology", "Radiology", "Nights"])
      departments.push((await directory.departments.create(org.id, { name })).id);
    const jobProfiles = [org.defaultJobProfileId as string];
    for (const name of ["Nurse", "Porter", "Doctor"])
      jobProfiles.push((await directory.jobProfiles.create(org.id, { name })).id);
    const types = await directory.permissionTypes.list(org.id);
    const admin = types.find((p) => p.consoleAccess)?.id as string;
    const learner = types.find((p) => !p.consoleAccess)?.id as string;

    const seeded = performance.now();
    const sources = ["manual", "import", "scim", "sso", "signup"] as const;
    for (let start = 0; start < USERS; start += 1000) {
      await withTransaction(async (tx) => {
        const batch = await directory.users.batch(tx, org.id);
        const prepared = [];
        for (let i = start; i < Math.min(USERS, start + 1000); i++) {
          prepared.push(
            await batch.prepare(
              {
                firstName: `First${i}`,
                lastName: `Last${i % 997}`,
                email: `person${i}@bench.example`,
                userName: `user${i}`,
                language: i % 4 ? "en" : "da",
                jobProfileId: jobProfiles[i % jobProfiles.length] as string,
                departmentIds: [departments[i % departments.length] as string],
                permissionTypeIds: [learner],
              },
              {
                source: sources[i % sources.length] as (typeof sources)[number],
                status: i % 3 ? "active" : "pending",
              },
            ),
          );
        }
        await batch.insert(prepared);
      });
    }
    await directory.users.create(
      org.id,
      {
        firstName: "Ada",
        lastName: "Admin",
        email: "ada@bench.example",
        language: "en",
        jobProfileId: jobProfiles[0] as string,
        departmentIds: [departments[0] as string],
        permissionTypeIds: [admin],
      },
      {
        source: "manual",
        status: "active",
        passwordHash: await hashPassword(PASSWORD),
        passwordMustChange: false,
      },
    );
    console.log(
      `seeded ${USERS.toLocaleString("en")} users (${DB}) in ${Math.round(performance.now() - seeded)} ms`,
    );

    // Server time: request in → response finished, measured inside the app.
    const timings: number[] = [];
    const app = buildApp(services);
    const timed = (req: Request, res: Response, next: NextFunction) => {
      const t0 = performance.now();
      res.on("finish", () => timings.push(performance.now() - t0));
      next();
    };
    (app as unknown as { router: { stack: unknown[] } }).router.stack.unshift(buildProbe(timed));

    const agent = request.agent(app);
    const login = await agent.get("/o/bench/login");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? "";
    const signedIn = await agent
      .post("/o/bench/login")
      .type("form")
      .send({ _csrf: csrf, identifier: "ada@bench.example", password: PASSWORD });
    if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`);

    const pages: Array<[string, string]> = [
      ["list, page 1", "/o/bench/admin/users"],
      ["list, page 100", "/o/bench/admin/users?page=100"],
      ["search by name", "/o/bench/admin/users?q=first123"],
      ["search by email", "/o/bench/admin/users?q=person9999"],
      ["filter department", `/o/bench/admin/users?departmentId=${departments[3]}`],
      ["filter job profile + status", `/o/bench/admin/users?jobProfileId=${jobProfiles[2]}&status=pending`],
      ["filter permission type", `/o/bench/admin/users?permissionTypeId=${learner}`],
      ["filter source, page 10", "/o/bench/admin/users?source=scim&page=10"],
      ["search + filters", `/o/bench/admin/users?q=last1&departmentId=${departments[1]}&source=import`],
    ];
    const rows: Array<Record<string, string | number>> = [];
    for (const [label, path] of pages) {
      timings.length = 0;
      for (let i = 0; i < RUNS + 2; i++) {
        const res = await agent.get(path);
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        // A real page of users, not an empty or error page.
        if (!/<tbody>[\s\S]*<tr>/.test(res.text)) throw new Error(`${path}: no rows`);
        if (path.endsWith("/users") && !res.text.includes(`of ${USERS + 1}`)) throw new Error("wrong total");
      }
      const sorted = timings.slice(2).sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      rows.push({ page: label, p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(at(1)) });
    }
    console.table(rows);
    const worst = Math.max(...rows.map((r) => Number(r.p95)));
    console.log(`worst p95: ${worst} ms — target < 200 ms: ${worst < 200 ? "met" : "NOT met"}`);
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

/** An Express router layer that runs `fn` first for every request (Express 5's Layer shape). */
function buildProbe(fn: (req: Request, res: Response, next: NextFunction) => void) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Layer = require("router/lib/layer") as new (
    path: string,
    options: Record<string, unknown>,
    fn: unknown,
  ) => unknown;
  return new Layer("/", { end: false, strict: false, sensitive: false }, fn);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
