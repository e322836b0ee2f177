import { createTestApp, type TestApp } from "../support/app";
import { createScimClient, entraUser, patchBody, type ScimClient } from "../support/scim";
import { verifyWebhookSignature } from "../../src/webhooks";
import { deliveryRows, fastDispatcher, Receiver, subscribe, until } from "./webhooks-support";

/**
 * The learning platform's side of PRODUCT.md §7: a real HTTP receiver sees every directory
 * change of a SCIM create → update → deactivate sequence exactly once, in order, signed —
 * also across an outage of the receiver.
 */
let t: TestApp;
let slugs = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function setup(events?: string[]) {
  const c = await createScimClient(t, `hooks-${++slugs}`);
  const receiver = await new Receiver().start();
  const endpointId = await subscribe(c.org, receiver, events);
  return { c, receiver, endpointId };
}

/** create → update (family name) → deactivate, over SCIM as Entra sends them. */
async function scimLifecycle(c: ScimClient, userName: string): Promise<string> {
  const created = await c.post("/Users", entraUser(userName));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const updated = await c.patch(
    `/Users/${id}`,
    patchBody({ op: "Replace", path: "name.familyName", value: "Renamed" }),
  );
  expect(updated.status).toBe(200);
  const deactivated = await c.patch(
    `/Users/${id}`,
    patchBody({ op: "Replace", path: "active", value: "False" }),
  );
  expect(deactivated.status).toBe(200);
  return id;
}

const typesFor = (receiver: Receiver, userId: string) =>
  receiver.accepted.filter((r) => r.body.data.user?.id === userId).map((r) => r.type);

test("a SCIM create → update → deactivate arrives exactly once, in order, signed, with the user's snapshot", async () => {
  const { c, receiver } = await setup();
  const dispatcher = fastDispatcher(t);
  dispatcher.start();
  try {
    const userId = await scimLifecycle(c, "webhook.alice@example.com");
    await until(() => typesFor(receiver, userId).includes("user.deactivated"), "user.deactivated");
    await dispatcher.drain();
  } finally {
    await dispatcher.stop();
    await receiver.stop();
  }
  const got = receiver.accepted;
  expect(got.map((r) => r.type)).toEqual(["user.created", "user.updated", "user.deactivated"]);
  expect(receiver.all).toHaveLength(3); // nothing was sent twice
  expect(new Set(got.map((r) => r.eventId)).size).toBe(3);
  for (const r of got) {
    expect(r.signatureValid).toBe(true);
    expect(r.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(r.body.id).toBe(r.eventId);
    expect(r.body.type).toBe(r.type);
    expect(r.body.organisation).toEqual({ id: c.org.org.id, slug: c.org.org.slug });
  }
  const [created, updated, deactivated] = got.map((r) => r.body.data.user);
  expect(created).toMatchObject({
    userName: "webhook.alice@example.com",
    email: "webhook.alice@example.com",
    firstName: "Test",
    lastName: "User",
    status: "pending", // SCIM users wait for activation (PRODUCT.md §3)
    source: "scim",
    language: "en",
    externalId: "webhook.alice",
    jobProfile: { id: c.org.org.defaultJobProfileId },
    departments: [expect.objectContaining({ id: c.org.org.defaultDepartmentId })],
    permissionTypes: [expect.objectContaining({ id: c.org.org.defaultPermissionTypeId })],
  });
  expect(created).not.toHaveProperty("passwordHash");
  // Each a snapshot at the time of its event, not the user as it is now.
  expect(updated).toMatchObject({ lastName: "Renamed", status: "pending" });
  expect(deactivated).toMatchObject({ lastName: "Renamed", status: "deactivated" });
  // The event ids are the directory_events ids written with each change.
  const rows: Array<{ id: string }> = await t.dataSource.query(
    "SELECT id FROM directory_events WHERE userId = ? ORDER BY createdAt",
    [created.id],
  );
  expect(rows.map((r) => r.id).sort()).toEqual(got.map((r) => r.eventId).sort());
  expect(await deliveryRows(t)).toEqual(
    expect.arrayContaining([{ status: "delivered", eventType: "user.created" }]),
  );
});

test("when the receiver answers 503 for a while, then recovers: every event arrives after it, in order, once", async () => {
  const { c, receiver } = await setup(["user.*"]);
  receiver.status = 503;
  const dispatcher = fastDispatcher(t);
  dispatcher.start();
  try {
    const first = await scimLifecycle(c, "outage.one@example.com");
    const second = await scimLifecycle(c, "outage.two@example.com");
    // The outage: attempts are made and refused, and the later events of a user wait behind the first.
    await until(() => receiver.all.filter((r) => r.status === 503).length >= 6, "retries during the outage");
    expect(receiver.all.every((r) => r.type === "user.created")).toBe(true);
    receiver.status = 200;
    await until(
      () => typesFor(receiver, first).length === 3 && typesFor(receiver, second).length === 3,
      "all six events after recovery",
    );
    await dispatcher.drain();
    for (const userId of [first, second]) {
      expect(typesFor(receiver, userId)).toEqual(["user.created", "user.updated", "user.deactivated"]);
    }
    // Exactly once: each event accepted once, however often it was refused before.
    const accepted = receiver.accepted.map((r) => r.eventId);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted).toHaveLength(6);
    expect(receiver.accepted.every((r) => r.signatureValid)).toBe(true);
  } finally {
    await dispatcher.stop();
    await receiver.stop();
  }
});

test("when the receiver is down (connection refused) and comes back on its port, the queued events follow in order", async () => {
  const { c, receiver } = await setup(["user.*"]);
  await receiver.stop();
  // No dispatcher yet: the events wait in the database, as after a crash right after the commit.
  const userId = await scimLifecycle(c, "down.carol@example.com");
  const dispatcher = fastDispatcher(t);
  dispatcher.start();
  try {
    const refused = async () =>
      (await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM webhook_deliveries d WHERE d.lastError LIKE 'network:%' AND d.status = 'pending'",
      )) as Array<{ n: number | string }>;
    const end = Date.now() + 10_000;
    while (Number((await refused())[0]?.n ?? 0) === 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 25));
    expect(Number((await refused())[0]?.n)).toBeGreaterThan(0);
    await receiver.restart();
    await until(() => typesFor(receiver, userId).length === 3, "three events after the restart");
    await dispatcher.drain();
  } finally {
    await dispatcher.stop();
    await receiver.stop();
  }
  expect(typesFor(receiver, userId)).toEqual(["user.created", "user.updated", "user.deactivated"]);
  expect(receiver.all).toHaveLength(3);
});

test("group events from SCIM Groups (create, PATCH members add/remove, rename, delete) arrive with the member ids", async () => {
  const { c, receiver } = await setup(["group.*"]);
  const alice = (await c.post("/Users", entraUser("group.alice@example.com"))).body.id as string;
  const bob = (await c.post("/Users", entraUser("group.bob@example.com"))).body.id as string;
  const group = await c.post("/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "Nurses",
  });
  expect(group.status).toBe(201);
  const gid = group.body.id as string;
  const add = await c.patch(
    `/Groups/${gid}`,
    patchBody({ op: "Add", path: "members", value: [{ value: alice }, { value: bob }] }),
  );
  expect(add.status).toBeLessThan(300);
  const remove = await c.patch(
    `/Groups/${gid}`,
    patchBody({ op: "Remove", path: `members[value eq "${bob}"]` }),
  );
  expect(remove.status).toBeLessThan(300);
  const rename = await c.patch(
    `/Groups/${gid}`,
    patchBody({ op: "Replace", path: "displayName", value: "Night nurses" }),
  );
  expect(rename.status).toBeLessThan(300);
  expect((await c.del(`/Groups/${gid}`)).status).toBe(204);
  await fastDispatcher(t).drain();
  await fastDispatcher(t).drain();
  await receiver.stop();
  const got = receiver.accepted;
  expect(got.map((r) => r.type)).toEqual([
    "group.created",
    "group.members_added",
    "group.members_removed",
    "group.updated",
    "group.deleted",
  ]);
  expect(got.every((r) => r.signatureValid && r.body.data.group.id === gid)).toBe(true);
  expect([...(got[1]?.body.data.userIds as string[])].sort()).toEqual([alice, bob].sort());
  expect(got[2]?.body.data.userIds).toEqual([bob]);
  expect(got[3]?.body.data.group.displayName).toBe("Night nurses");
  // Subscribed to group.* only: no user events were queued for this endpoint.
  expect(got.some((r) => r.type.startsWith("user."))).toBe(false);
});

test("a change that fails (SCIM 409) announces nothing; an endpoint not subscribed to a type gets nothing", async () => {
  const { c, receiver, endpointId } = await setup(["user.deleted"]);
  const before = await deliveryRows(t);
  expect((await c.post("/Users", entraUser("dup.dan@example.com"))).status).toBe(201);
  expect((await c.post("/Users", entraUser("dup.dan@example.com"))).status).toBe(409);
  const after: Array<{ n: number | string }> = await t.dataSource.query(
    "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE endpointId = ?",
    [endpointId],
  );
  expect(Number(after[0]?.n)).toBe(0);
  expect(await deliveryRows(t)).toEqual(before);
  await receiver.stop();
});

test("after the last attempt a delivery is failed, and the same user's next event goes on", async () => {
  const { c, receiver } = await setup(["user.*"]);
  receiver.status = 500;
  const dispatcher = fastDispatcher(t, 2);
  const created = await c.post("/Users", entraUser("failing.erin@example.com"));
  const id = created.body.id as string;
  await dispatcher.drain(); // attempt 1 → retry later
  await until(() => receiver.all.length >= 1, "first attempt");
  await new Promise((r) => setTimeout(r, 200));
  await dispatcher.drain(); // attempt 2 → failed
  expect(receiver.all.filter((r) => r.status === 500)).toHaveLength(2);
  receiver.status = 200;
  await c.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "active", value: "False" }));
  await dispatcher.drain();
  await receiver.stop();
  expect(receiver.accepted.map((r) => r.type)).toEqual(["user.deactivated"]);
  const rows: Array<{ status: string; attempts: number | string; lastError: string }> =
    await t.dataSource.query(
      "SELECT status, attempts, lastError FROM webhook_deliveries WHERE eventType = 'user.created' AND subjectId = ?",
      [id],
    );
  expect(rows).toHaveLength(1);
  expect(rows[0]?.status).toBe("failed");
  expect(Number(rows[0]?.attempts)).toBe(2);
  expect(rows[0]?.lastError).toMatch(/^HTTP 500/);
  // What the receiver got was signed with the endpoint's secret, and only with it.
  const last = receiver.all[0];
  expect(last && verifyWebhookSignature(receiver.secret, last.signature, last.rawBody)).toBe(true);
  expect(last && verifyWebhookSignature(`${receiver.secret}x`, last.signature, last.rawBody)).toBe(false);
});
