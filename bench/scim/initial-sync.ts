/**
 * Initial-sync benchmark, run by hand (see docs/PERFORMANCE.md):
 *
 *   npm run build
 *   npx ts-node --transpile-only bench/scim/initial-sync.ts [--db sqlite|mysql] [--users 50000] [--clients 8]
 *
 * What an identity provider's first sync looks like: `--users` POST /Users with Entra-style
 * bodies and unique userNames from `--clients` concurrent clients, against the real server on a
 * fresh database. The server's RSS is read from /proc/<pid>/status (VmRSS) every second.
 * Reports total time, users/s (overall and per tenth of the run, to show whether it slows down
 * as the tables grow), latency, and RSS min / max / after the first tenth / at the end.
 * With --baseline true (the default) the same sync is run first against the baseline server
 * (bench/scim/baseline-server.ts), for scale on the same machine in the same run.
 * Bounded by --users and by --max-seconds (900): autocannon is stopped at the time limit.
 */
import { resolve } from "node:path";
import autocannon from "autocannon";
import {
  createBenchDatabase,
  cpuSeconds,
  entraUser,
  machine,
  parseArgs,
  positiveInt,
  REPO,
  rssMiB,
  SCIM_JSON,
  startAdmit,
  startBaseline,
  table,
  type Child,
  type DbKind,
} from "./common";

interface Sample {
  seconds: number;
  done: number;
  rss: number;
}

interface SyncResult {
  name: string;
  completed: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMsPerUser: number;
  samples: Sample[];
  /** Seconds since the start at which each tenth of the users had been answered. */
  tenths: number[];
  stoppedByTimeLimit: boolean;
}

async function sync(
  name: string,
  baseUrl: string,
  usersPath: string,
  headers: Record<string, string>,
  child: Child,
  users: number,
  clients: number,
  maxSeconds: number,
): Promise<SyncResult> {
  let counter = 0;
  let done = 0;
  const samples: Sample[] = [];
  const started = Date.now();
  const cpuBefore = cpuSeconds(child.pid);
  const sample = () =>
    samples.push({ seconds: (Date.now() - started) / 1000, done, rss: rssMiB(child.pid) ?? Number.NaN });
  sample();
  const instance = autocannon({
    url: baseUrl,
    connections: clients,
    amount: users,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: usersPath,
        headers: { ...headers, "content-type": SCIM_JSON },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify(entraUser(`sync-${counter++}@bench.example.com`)),
        }),
      },
    ],
  });
  const tenths: number[] = [];
  instance.on("response", () => {
    done++;
    if (done >= (users * (tenths.length + 1)) / 10) tenths.push((Date.now() - started) / 1000);
  });
  const sampler = setInterval(sample, 1000);
  let stoppedByTimeLimit = false;
  const limit = setTimeout(() => {
    stoppedByTimeLimit = true;
    instance.stop();
  }, maxSeconds * 1000);
  const progress = setInterval(() => {
    process.stdout.write(
      `  ${name}: ${done}/${users} after ${Math.round((Date.now() - started) / 1000)} s, RSS ${Math.round(rssMiB(child.pid) ?? 0)} MiB\n`,
    );
  }, 15_000);
  const result = await instance;
  clearInterval(sampler);
  clearInterval(progress);
  clearTimeout(limit);
  sample();
  const seconds = (Date.now() - started) / 1000;
  return {
    name,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerUser: result.requests.total
      ? ((cpuSeconds(child.pid) - cpuBefore) * 1000) / result.requests.total
      : 0,
    samples,
    tenths,
    stoppedByTimeLimit,
  };
}

/** users/s in each tenth of the users (fewer entries when the time limit stopped the run). */
function ratePerTenth(r: SyncResult, users: number): number[] {
  return r.tenths.map((t, i) => users / 10 / (t - (i === 0 ? 0 : (r.tenths[i - 1] as number))));
}

function report(r: SyncResult, users: number): Array<string | number> {
  const rss = r.samples.map((s) => s.rss).filter((v) => Number.isFinite(v));
  const total = r.samples[r.samples.length - 1]?.done ?? 0;
  const afterTenth = r.samples.find((s) => s.done >= total / 10)?.rss ?? Number.NaN;
  const rates = ratePerTenth(r, users);
  return [
    r.name,
    r.completed.toLocaleString("en-US"),
    r.non2xx + r.errors,
    r.seconds.toFixed(1),
    Math.round(r.completed / r.seconds).toLocaleString("en-US"),
    `${Math.round(rates[0] ?? 0)} → ${Math.round(rates[rates.length - 1] ?? 0)}`,
    r.p50,
    r.p99,
    r.cpuMsPerUser.toFixed(2),
    Math.round(Math.min(...rss)),
    Math.round(Math.max(...rss)),
    Math.round(afterTenth),
    Math.round(rss[rss.length - 1] ?? Number.NaN),
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    db: "sqlite",
    users: "50000",
    clients: "8",
    "max-seconds": "900",
    baseline: "true",
    "mysql-url": "mysql://root@127.0.0.1:3306",
    dist: resolve(REPO, "dist"),
  });
  const kind = args.db as DbKind;
  if (kind !== "sqlite" && kind !== "mysql") throw new Error("--db must be sqlite or mysql");
  const users = positiveInt(args.users, "users");
  const clients = positiveInt(args.clients, "clients");
  const maxSeconds = positiveInt(args["max-seconds"], "max-seconds");

  const db = await createBenchDatabase(kind, args["mysql-url"] as string);
  const children: Child[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await Promise.all(children.map((c) => c.stop()));
      await db.cleanup();
    })());
  process.once("SIGINT", () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    process.stdout.write(`machine: ${machine()}\ndatabase: ${db.description}\n`);
    const results: SyncResult[] = [];
    if (args.baseline !== "false") {
      const baseline = await startBaseline(db);
      children.push(baseline.child);
      process.stdout.write(`baseline: ${users} users, ${clients} clients\n`);
      results.push(
        await sync("baseline", baseline.baseUrl, "/Users", {}, baseline.child, users, clients, maxSeconds),
      );
      await baseline.child.stop();
    }
    const admit = await startAdmit({ dist: args.dist as string, db });
    children.push(admit.child);
    process.stdout.write(`admit: ${users} users, ${clients} clients\n`);
    const headers = { authorization: `Bearer ${admit.token}` };
    results.push(
      await sync("admit", admit.baseUrl, "/scim/v2/Users", headers, admit.child, users, clients, maxSeconds),
    );

    const header = [
      "server",
      "users",
      "non-2xx/errors",
      "seconds",
      "users/s",
      "users/s first→last tenth",
      "p50 ms",
      "p99 ms",
      "CPU ms/user",
      "RSS min MiB",
      "RSS max MiB",
      "RSS at 10%",
      "RSS at end",
    ];
    process.stdout.write(
      `\n${table(
        header,
        results.map((r) => report(r, users)),
      )}\n\n`,
    );
    for (const r of results) {
      if (r.stoppedByTimeLimit) process.stdout.write(`${r.name}: stopped by --max-seconds ${maxSeconds}\n`);
      const every = Math.max(1, Math.ceil(r.samples.length / 20));
      const timeline = r.samples
        .filter((_, i) => i % every === 0 || i === r.samples.length - 1)
        .map((s) => `${Math.round(s.seconds)}s:${Math.round(s.rss)}`)
        .join(" ");
      process.stdout.write(`${r.name} RSS MiB over time: ${timeline}\n`);
      const rates = ratePerTenth(r, users).map((v) => Math.round(v));
      process.stdout.write(`${r.name} users/s per tenth of the users: ${rates.join(" ")}\n`);
    }
    const counts: string[] = [];
    for (const name of ["users", "scim_users", "provisioning_log", "directory_events", "outbox_messages"]) {
      counts.push(`${name}=${(await db.count("admit", name)) ?? "n/a"}`);
    }
    process.stdout.write(`rows after the run: ${counts.join(", ")}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
