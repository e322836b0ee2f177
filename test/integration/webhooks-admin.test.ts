import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import { createWebhooks, WebhookDelivery, WebhookEndpoint, verifyWebhookSignature } from "../../src/webhooks";
import { createLogger } from "../../src/lib";
import { transactionRunner } from "../../src/db";
import { fastDispatcher, Receiver, subscribe } from "./webhooks-support";

/**
 * The admin API of webhooks (/api/v1/orgs/:org/webhooks): the secret is shown once and kept
 * sealed, bad input is problem+json and writes nothing, the delivery log pages and filters in
 * the database, redelivery sends the same event again, and another organisation sees nothing.
 */
let t: TestApp;
let acme: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "acme");
  other = await createTestOrg(t, "other");
});
afterAll(async () => t.close());

const endpointCount = () => t.dataSource.getRepository(WebhookEndpoint).count();

test("create shows the secret once; get and list never do; the database holds it sealed, not in clear", async () => {
  const created = await acme
    .post("/webhooks", { url: "https://lms.example.com/hooks", events: ["user.*"], description: "LMS" })
    .expect(201);
  expect(created.body).toMatchObject({
    url: "https://lms.example.com/hooks",
    events: ["user.*"],
    description: "LMS",
    enabled: true,
  });
  const secret = created.body.secret as string;
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  const id = created.body.id as string;
  const got = await acme.get(`/webhooks/${id}`).expect(200);
  expect(got.body).not.toHaveProperty("secret");
  expect(JSON.stringify(got.body)).not.toContain(secret);
  const list = await acme.get("/webhooks").expect(200);
  expect(JSON.stringify(list.body)).not.toContain(secret);
  expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);
  // Every column of the row: neither the secret nor its random part appears.
  const [row] = (await t.dataSource.query("SELECT * FROM webhook_endpoints WHERE id = ?", [id])) as Array<
    Record<string, unknown>
  >;
  const stored = JSON.stringify(row);
  expect(stored).not.toContain(secret.slice("whsec_".length));
  expect(String(row?.sealedSecret)).toMatch(/^v1\./);
});

test("rotate-secret returns a new secret once; deliveries are then signed with it, not the old one", async () => {
  const receiver = await new Receiver().start();
  const id = await subscribe(acme, receiver, ["user.created"]);
  const old = receiver.secret;
  const rotated = await acme.post(`/webhooks/${id}/rotate-secret`).expect(200);
  expect(rotated.body.secret).toMatch(/^whsec_/);
  expect(rotated.body.secret).not.toBe(old);
  receiver.secret = rotated.body.secret as string;
  await acme.post("/users", userBody(acme.org, { email: "rotated@example.com" })).expect(201);
  await fastDispatcher(t).drain();
  await receiver.stop();
  const [r] = receiver.all.filter((x) => x.body.data.user?.email === "rotated@example.com");
  expect(r?.signatureValid).toBe(true);
  expect(r && verifyWebhookSignature(old, r.signature, r.rawBody)).toBe(false);
  await acme.del(`/webhooks/${id}`).expect(204);
});

describe("bad input is problem+json and writes nothing", () => {
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ["no events", { url: "https://a.example/h" }, 400, "request.invalid_field"],
    ["empty events", { url: "https://a.example/h", events: [] }, 400, "request.invalid_field"],
    [
      "unknown event type",
      { url: "https://a.example/h", events: ["user.exploded"] },
      422,
      "webhooks.invalid_endpoint",
    ],
    ["a made-up wildcard", { url: "https://a.example/h", events: ["us*"] }, 422, "webhooks.invalid_endpoint"],
    ["not a URL", { url: "lms", events: ["*"] }, 422, "webhooks.invalid_endpoint"],
    ["ftp URL", { url: "ftp://a.example/h", events: ["*"] }, 422, "webhooks.invalid_endpoint"],
    [
      "credentials in the URL",
      { url: "https://u:p@a.example/h", events: ["*"] },
      422,
      "webhooks.invalid_endpoint",
    ],
    [
      "unknown field",
      { url: "https://a.example/h", events: ["*"], secret: "mine" },
      400,
      "request.unknown_field",
    ],
    [
      "enabled not boolean",
      { url: "https://a.example/h", events: ["*"], enabled: "yes" },
      400,
      "request.invalid_field",
    ],
  ];
  test.each(cases)("%s", async (_name, body, status, code) => {
    const before = await endpointCount();
    const res = await acme.post("/webhooks", body).expect(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(await endpointCount()).toBe(before);
  });

  test("a PATCH with a bad field changes nothing", async () => {
    const id = (await acme.post("/webhooks", { url: "https://keep.example/h", events: ["*"] }).expect(201))
      .body.id as string;
    const res = await acme.patch(`/webhooks/${id}`, { url: "http://[bad", events: ["group.*"] }).expect(422);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const got = await acme.get(`/webhooks/${id}`).expect(200);
    expect(got.body).toMatchObject({ url: "https://keep.example/h", events: ["*"] });
    await acme.patch(`/webhooks/${id}`, { enabled: false, events: ["group.*"] }).expect(200);
    expect((await acme.get(`/webhooks/${id}`)).body).toMatchObject({ enabled: false, events: ["group.*"] });
    await acme.del(`/webhooks/${id}`).expect(204);
    await acme.get(`/webhooks/${id}`).expect(404);
  });

  test("in production an http:// receiver is refused (https required)", async () => {
    const production = createWebhooks({
      dataSource: t.dataSource,
      withTransaction: transactionRunner(t.dataSource),
      clock: t.services.clock,
      logger: createLogger("silent"),
      appSecret: t.config.appSecret,
      production: true,
      pollMs: 1000,
      config: t.config.webhooks,
      views: (users, tx) => t.services.directory.users.views(users, tx),
    });
    const before = await endpointCount();
    await expect(
      production.endpoints.create(acme.org.id, { url: "http://lms.example.com/h", events: ["*"] }),
    ).rejects.toMatchObject({ code: "webhooks.invalid_endpoint", status: 422 });
    expect(await endpointCount()).toBe(before);
  });
});

test("the delivery log pages and filters in the database; redelivery sends the same event again", async () => {
  const receiver = await new Receiver().start();
  const id = await subscribe(acme, receiver, ["user.created", "user.updated"]);
  const created: string[] = [];
  for (let i = 0; i < 3; i++) {
    created.push(
      (await acme.post("/users", userBody(acme.org, { email: `log${i}@example.com` })).expect(201)).body.id,
    );
  }
  await acme.patch(`/users/${created[0]}`, { lastName: "Changed" }).expect(200);
  await fastDispatcher(t).drain();
  const page1 = await acme.get(`/webhooks/${id}/deliveries?pageSize=2`).expect(200);
  expect(page1.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
  expect(page1.body.items).toHaveLength(2);
  expect(page1.body.items[0]).toMatchObject({ eventType: "user.updated", status: "delivered", attempts: 1 });
  const page2 = await acme.get(`/webhooks/${id}/deliveries?pageSize=2&page=2`).expect(200);
  expect(page2.body.items).toHaveLength(2);
  const updates = await acme.get(`/webhooks/${id}/deliveries?eventType=user.updated`).expect(200);
  expect(updates.body.total).toBe(1);
  expect((await acme.get(`/webhooks/${id}/deliveries?status=failed`).expect(200)).body.total).toBe(0);
  const bad = await acme.get(`/webhooks/${id}/deliveries?status=lost`).expect(400);
  expect(bad.headers["content-type"]).toMatch(/^application\/problem\+json/);

  const original = updates.body.items[0] as { id: string; eventId: string };
  const detail = await acme.get(`/webhooks/${id}/deliveries/${original.id}`).expect(200);
  expect(JSON.parse(detail.body.body as string)).toMatchObject({
    id: original.eventId,
    type: "user.updated",
  });
  const again = await acme.post(`/webhooks/${id}/deliveries/${original.id}/redeliver`).expect(202);
  expect(again.body).toMatchObject({
    status: "pending",
    eventId: original.eventId,
    redeliveryOf: original.id,
  });
  // A pending delivery cannot be redelivered (it is about to be sent anyway).
  const pending = await acme.post(`/webhooks/${id}/deliveries/${again.body.id}/redeliver`).expect(409);
  expect(pending.body.code).toBe("webhooks.delivery_pending");
  // Asking again while that redelivery waits (a double click): the same one, nothing new queued.
  const twice = await acme.post(`/webhooks/${id}/deliveries/${original.id}/redeliver`).expect(202);
  expect(twice.body.id).toBe(again.body.id);
  await fastDispatcher(t).drain();
  await receiver.stop();
  const sends = receiver.accepted.filter((r) => r.eventId === original.eventId);
  expect(sends).toHaveLength(2);
  expect(sends[0]?.rawBody).toBe(sends[1]?.rawBody); // the same event, byte for byte
  expect(sends[1]?.deliveryId).toBe(again.body.id);
  expect(sends.every((s) => s.signatureValid)).toBe(true);
});

test("pruning removes settled deliveries older than the retention, never pending ones", async () => {
  const receiver = await new Receiver().start();
  const id = await subscribe(acme, receiver, ["user.deleted"]);
  const user = (await acme.post("/users", userBody(acme.org, { email: "prune@example.com" })).expect(201))
    .body.id as string;
  await acme.del(`/users/${user}`).expect(204);
  await fastDispatcher(t).drain();
  await receiver.stop();
  expect(receiver.accepted.map((r) => r.type)).toEqual(["user.deleted"]);
  expect(receiver.accepted[0]?.body.data.user).toMatchObject({ id: user, email: "prune@example.com" });
  // Age the settled row beyond the retention, and queue one that stays pending.
  await t.dataSource
    .createQueryBuilder()
    .update(WebhookDelivery)
    .set({ settledAt: new Date(Date.now() - 40 * 86_400_000) })
    .where("endpointId = :id", { id })
    .execute();
  const stillPending = (await acme.post("/users", userBody(acme.org, { email: "prune2@example.com" }))).body
    .id as string;
  await acme.del(`/users/${stillPending}`).expect(204);
  await t.services.webhooks.prune();
  const rows: Array<{ status: string }> = await t.dataSource.query(
    "SELECT status FROM webhook_deliveries WHERE endpointId = ?",
    [id],
  );
  expect(rows).toEqual([{ status: "pending" }]);
  await acme.del(`/webhooks/${id}`).expect(204);
});

test("another organisation's webhooks, deliveries and redeliveries are invisible (404), and its list is its own", async () => {
  const theirs = (
    await other.post("/webhooks", { url: "https://other.example/h", events: ["*"] }).expect(201)
  ).body.id as string;
  await other.post("/users", userBody(other.org, { email: "theirs@example.com" })).expect(201);
  const [delivery] = (await t.dataSource.query("SELECT id FROM webhook_deliveries WHERE endpointId = ?", [
    theirs,
  ])) as Array<{ id: string }>;
  expect(delivery).toBeDefined();
  const did = delivery?.id as string;
  const attempts = [
    acme.get(`/webhooks/${theirs}`),
    acme.patch(`/webhooks/${theirs}`, { enabled: false }),
    acme.post(`/webhooks/${theirs}/rotate-secret`),
    acme.get(`/webhooks/${theirs}/deliveries`),
    acme.get(`/webhooks/${theirs}/deliveries/${did}`),
    acme.post(`/webhooks/${theirs}/deliveries/${did}/redeliver`),
    acme.del(`/webhooks/${theirs}`),
  ];
  for (const res of await Promise.all(attempts)) {
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toContain("other.example");
  }
  const mine = await acme.get("/webhooks").expect(200);
  expect(mine.body.items.map((e: { id: string }) => e.id)).not.toContain(theirs);
  expect((await other.get(`/webhooks/${theirs}`).expect(200)).body.enabled).toBe(true);
});
