import { createTestApp, type TestApp } from "../support/app";
import { createScimClient, entraUser, patchBody } from "../support/scim";
import { WebhookDelivery } from "../../src/webhooks";
import { shiftingClock } from "./notify-support";
import { Receiver, subscribe } from "./webhooks-support";

/**
 * A dispatcher that dies between claiming a delivery and settling it (process killed mid-send)
 * loses nothing: the row is due again when its lease ends, and until then the user's later
 * events wait behind it, so the order holds across the crash.
 */
const clock = shiftingClock();
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

test("a claim left by a dead dispatcher blocks nothing forever: after the lease the events go, in order, once", async () => {
  const c = await createScimClient(t, "hooks-crash");
  const receiver = await new Receiver().start();
  await subscribe(c.org, receiver, ["user.*"]);
  const id = (await c.post("/Users", entraUser("crash.frank@example.com"))).body.id as string;
  await c.patch(`/Users/${id}`, patchBody({ op: "Replace", path: "title", value: "Nurse" }));
  // What a claim writes (see queue.ts), by a process that then died before sending.
  const leaseEnd = new Date(clock.now().getTime() + 120_000);
  await t.dataSource
    .createQueryBuilder()
    .update(WebhookDelivery)
    .set({ claimId: "dead-dispatcher", claimedUntil: leaseEnd, nextAttemptAt: leaseEnd, attempts: 1 })
    .where("eventType = 'user.created' AND subjectId = :id", { id })
    .execute();
  const dispatcher = t.services.webhooks.newDispatcher({ backoffBaseMs: 10 });
  // Within the lease: the claimed event is not due, and the later one waits behind it.
  expect((await dispatcher.drain()).claimed).toBe(0);
  expect(receiver.all).toHaveLength(0);
  clock.advance(121_000);
  const summary = await dispatcher.drain();
  await receiver.stop();
  expect(summary).toMatchObject({ delivered: 2, failed: 0 });
  expect(receiver.all.map((r) => r.type)).toEqual(["user.created", "user.updated"]);
  expect(receiver.all.every((r) => r.signatureValid)).toBe(true);
  const rows = await t.dataSource.manager.find(WebhookDelivery, { where: { subjectId: id } });
  expect(rows.map((r) => [r.eventType, r.status, r.attempts]).sort()).toEqual([
    ["user.created", "delivered", 2],
    ["user.updated", "delivered", 1],
  ]);
});
