/**
 * SSO benchmark, run by hand (see docs/PERFORMANCE.md):
 *
 *   node -r ./scripts/swc-register.js bench/sso/run.ts [--ops 500] [--db sqlite|mysql] [--mysql-url …]
 *
 * CPU time (process.cpuUsage, user + system) of Admit's process per operation, one at a time:
 * - SAML ACS, validation only (SamlFlow.complete: signature, conditions, InResponseTo against the
 *   stored request, Recipient/Destination, replay insert), and the whole ACS (plus linking or JIT
 *   creation and the session). Responses are signed beforehand by a samlify IdP (not counted).
 * - OIDC callback (state, code exchange + ID token + userinfo, linking, session). The IdP
 *   (oidc-provider) runs in its own process, so its work is not counted; the wall time, which
 *   includes the two round trips to it, is reported beside it.
 * 100 distinct people: the first logins create them (JIT), later ones are linked logins.
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildApp, createServices } from "../../src/app";
import { openDatabase } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { testConfig } from "../../test/support/app";
import { driveLogin } from "../../test/support/oidc-idp";
import { samlClient, StateCache } from "../../src/sso/saml/client";
import type { LoginStateStore } from "../../src/sso/state";
import { idpMetadataXml, readAuthnRequest, samlResponse } from "../../test/support/saml-idp";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]?.replace(/^--/, "") ?? "", process.argv[i + 1] ?? "");
const OPS = Number(args.get("ops") ?? 500);
const DB = args.get("db") ?? "sqlite";
const MYSQL = args.get("mysql-url") ?? "mysql://root@127.0.0.1:3306";

interface Sample {
  cpuMs: number;
  wallMs: number;
}

async function measure(work: () => Promise<unknown>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await work();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: Number(process.hrtime.bigint() - wall) / 1e6 };
}

function report(name: string, samples: Sample[]) {
  const sorted = (pick: (s: Sample) => number) => samples.map(pick).sort((a, b) => a - b);
  const cpu = sorted((s) => s.cpuMs);
  const wall = sorted((s) => s.wallMs);
  const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
  const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
  const f = (n: number) => n.toFixed(2);
  console.log(
    `${name.padEnd(34)} cpu mean ${f(mean)} ms  p50 ${f(at(cpu, 0.5))}  p95 ${f(at(cpu, 0.95))}  | wall p50 ${f(at(wall, 0.5))} ms  (${samples.length} ops)`,
  );
}

async function database() {
  if (DB === "mysql") {
    const mysql = await import("mysql2/promise");
    const name = `admit_bench_sso_${process.pid}`;
    const admin = await mysql.createConnection(MYSQL);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    return {
      config: { kind: "mysql" as const, url: `${MYSQL}/${name}`, poolSize: 10 },
      drop: async () => {
        await admin.query(`DROP DATABASE \`${name}\``);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "admit-bench-sso-"));
  return {
    config: { kind: "sqlite" as const, path: join(dir, "admit.sqlite") },
    drop: async () => rmSync(dir, { recursive: true }),
  };
}

async function main() {
  const db = await database();
  const config = testConfig(db.config, { logLevel: "warn" });
  const dataSource = await openDatabase(db.config, ENTITIES, { migrate: true });
  const services = createServices(config, dataSource, createLogger("warn"));
  buildApp(services);
  const { directory, mapping, sso } = services;
  const org = await directory.organisations.create({
    slug: "bench",
    name: "Bench",
    defaultLanguage: "en",
    languages: ["en"],
  });
  await directory.jobProfiles.create(org.id, { name: "Nurse" });
  await mapping.createRule(org.id, {
    target: "department",
    source: { kind: "attribute", path: "enterprise.department" },
    unknownPolicy: "create",
  });
  await mapping.createRule(org.id, {
    target: "jobProfile",
    source: { kind: "attribute", path: "title" },
    valueMap: { "Staff Nurse": "Nurse" },
  });
  console.log(
    `SSO benchmark: ${OPS} ops each, ${DB}, Node ${process.version}, ${cpus()[0]?.model ?? "?"} × ${cpus().length}`,
  );

  // ── SAML ──
  const saml = (
    await sso.connections.create(org.id, {
      kind: "saml",
      name: "Bench SAML",
      metadataXml: idpMetadataXml(),
      jit: true,
    })
  ).connection;
  const urls = sso.login.urls(org, saml.id);
  const spMetadata = sso.login.metadataXml(org, saml);
  const prepared = async (count: number, offset: number) => {
    const out: Array<Record<string, string>> = [];
    for (let i = 0; i < count; i++) {
      const { redirect } = await sso.login.start(org, saml.id);
      const req = readAuthnRequest(redirect);
      const person = `saml-${(offset + i) % 100}`;
      const attributes = {
        email: `${person}@bench.example`,
        firstName: "Bench",
        lastName: person,
        title: "Staff Nurse",
        department: "Cardiology",
      };
      out.push({
        SAMLResponse: await samlResponse(
          spMetadata,
          { nameId: person, attributes },
          { inResponseTo: req.id },
        ),
        RelayState: req.relayState,
      });
    }
    return out;
  };
  for (const body of await prepared(20, 0)) await sso.login.finishSaml(org, saml.id, body, body.RelayState); // warm-up (creates 20 people)
  const validation: Sample[] = [];
  for (const body of await prepared(OPS, 20))
    validation.push(await measure(() => sso.flows.saml.complete(saml, urls, body, body.RelayState)));
  report("SAML ACS, validation only", validation);
  // The floor: node-saml alone (signature, conditions, audience), no database at all.
  const client = samlClient(
    sso.connections.saml(saml),
    urls,
    new StateCache({} as LoginStateStore, saml.id),
    {
      idpInitiated: true,
    },
  );
  const unsolicited: string[] = [];
  for (let i = 0; i < OPS; i++) {
    const attributes = { email: `u${i}@bench.example`, firstName: "Bench", lastName: "User" };
    unsolicited.push(await samlResponse(spMetadata, { nameId: `u${i}`, attributes }, { inResponseTo: null }));
  }
  const floor: Sample[] = [];
  for (const SAMLResponse of unsolicited)
    floor.push(await measure(() => client.validatePostResponseAsync({ SAMLResponse })));
  report("  of which node-saml alone", floor);
  const acs: Sample[] = [];
  for (const body of await prepared(OPS, 0))
    acs.push(await measure(() => sso.login.finishSaml(org, saml.id, body, body.RelayState)));
  report("SAML ACS, whole (link/JIT + session)", acs);

  // ── OIDC ──
  const child = spawn(process.execPath, ["-r", "./scripts/swc-register.js", "bench/sso/oidc-idp.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const idp = JSON.parse((await lines.next()).value as string) as {
    issuer: string;
    clientId: string;
    clientSecret: string;
  };
  const oidc = (
    await sso.connections.create(org.id, {
      kind: "oidc",
      name: "Bench OIDC",
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      jit: true,
    })
  ).connection;
  child.stdin.write(`${sso.login.urls(org, oidc.id).callback}\n`);
  await lines.next();
  const callback = async (i: number) => {
    const started = await sso.login.start(org, oidc.id);
    const back = new URL(await driveLogin(idp.issuer, started.redirect, `user-${i % 100}`));
    return { back, state: started.state };
  };
  for (let i = 0; i < 20; i++) {
    const { back, state } = await callback(i);
    await sso.login.finishOidc(org, oidc.id, back, state);
  }
  const oidcSamples: Sample[] = [];
  for (let i = 0; i < OPS; i++) {
    const { back, state } = await callback(i);
    oidcSamples.push(await measure(() => sso.login.finishOidc(org, oidc.id, back, state)));
  }
  report("OIDC callback, whole", oidcSamples);
  child.kill();
  await dataSource.destroy();
  await db.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
