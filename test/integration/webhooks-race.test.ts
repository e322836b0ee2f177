import type { DataSource } from "typeorm";
import { createServices, type Services } from "../../src/app";
import { openDatabase } from "../../src/db";
import { ENTITIES } from "../../src/entities";
import { createLogger } from "../../src/lib";
import { createTestApp, type TestApp } from "../support/app";
import { createScimClient, entraUser, patchBody } from "../support/scim";
import { Receiver, subscribe, until } from "./webhooks-support";

/**
 * Two dispatchers deliver the same webhook queue at once: no event is ever sent twice, and each
 * user's events still arrive in order. On MariaDB they are two instances (two DataSources with
 * their own pools, as two processes have). On SQLite both share the app's connection: two
 * better-sqlite3 connections in ONE process cannot wait for each other (a busy wait blocks the
 * event loop the other needs to commit), while two processes can.
 */
let t: TestApp;
let second: { dataSource?: DataSource; services: Services };

beforeAll(async () => {
  t = await createTestApp();
  if (t.db.kind === "mysql") {
    const dataSource = await openDatabase(t.db.config, ENTITIES, { migrate: false });
    second = { dataSource, services: createServices(t.config, dataSource, createLogger("silent")) };
  } else {
    second = { services: t.services };
  }
});
afterAll(async () => {
  await second.dataSource?.destroy();
  await t.close();
});

const tuned = { pollMs: 10, backoffBaseMs: 10, backoffMaxMs: 50, batchSize: 4, concurrency: 4 };

test("two dispatchers in two instances, running at once, never deliver an event twice and keep per-user order", async () => {
  const c = await createScimClient(t, "hooks-race");
  const receiver = await new Receiver().start();
  receiver.delayMs = 5; // sends overlap, so both dispatchers have rows in flight at once
  await subscribe(c.org, receiver, ["user.*"]);
  const users: string[] = [];
  // Queued first (no dispatcher running): both start with a full queue to fight over.
  for (let i = 0; i < 8; i++) {
    const id = (await c.post("/Users", entraUser(`race.${i}@example.com`))).body.id as string;
    await c.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "title", value: "Nurse" }));
    await c.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "active", value: "False" }));
    users.push(id);
  }
  const a = t.services.webhooks.newDispatcher(tuned);
  const b = second.services.webhooks.newDispatcher(tuned);
  a.start();
  b.start();
  try {
    await until(() => receiver.accepted.length >= 24, "24 deliveries", 30_000);
    // Give a duplicate, if there were one, the time to arrive.
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await receiver.stop();
  }
  const ids = receiver.all.map((r) => r.eventId);
  expect(ids).toHaveLength(24);
  expect(new Set(ids).size).toBe(24);
  for (const id of users) {
    expect(receiver.all.filter((r) => r.body.data.user?.id === id).map((r) => r.type)).toEqual([
      "user.created",
      "user.updated",
      "user.deactivated",
    ]);
  }
  const pending: Array<{ n: number | string }> = await t.dataSource.query(
    "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'",
  );
  expect(Number(pending[0]?.n)).toBe(0);
});

test("drains racing on one queue: every delivery is claimed by exactly one of them", async () => {
  const c = await createScimClient(t, "hooks-race-2");
  const receiver = await new Receiver().start();
  await subscribe(c.org, receiver, ["user.created"]);
  for (let i = 0; i < 20; i++) await c.post("/Users", entraUser(`drain.${i}@example.com`));
  const a = t.services.webhooks.newDispatcher(tuned);
  const b = second.services.webhooks.newDispatcher(tuned);
  const [sa, sb] = await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
  await Promise.all([a.drain(), b.drain()]);
  await receiver.stop();
  expect(sa && sb).toBeTruthy();
  expect(receiver.all).toHaveLength(20);
  expect(new Set(receiver.all.map((r) => r.eventId)).size).toBe(20);
});
