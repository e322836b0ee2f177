import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, testConfig, type TestApp } from "../support/app";
import { SmtpCapture } from "../support/smtp";
import { childEnv, emailMessage, LINK, orgWithUser, shiftingClock, spawnChild } from "./notify-support";

/**
 * Killing the process between commit and send loses nothing: another Admit process commits a
 * message and is SIGKILLed, then a fresh dispatcher here delivers it, exactly once.
 */

const clock = shiftingClock();
// Other Node processes start here: give them time on a busy machine.
jest.setTimeout(90_000);
const smtp = new SmtpCapture();
let t: TestApp;
let orgId: string;
let userId: string;

beforeAll(async () => {
  await smtp.start();
  const notify = {
    ...testConfig({ kind: "sqlite", path: ":memory:" }).notify,
    smtp: { url: smtp.url, from: "no-reply@admit.test", maxConnections: 1 },
  };
  t = await createTestApp({ clock, config: { notify } });
  ({
    org: { id: orgId },
    user: { id: userId },
  } = await orgWithUser(t));
});
afterAll(async () => {
  await t.services.notify.close();
  await t.close();
  await smtp.stop();
});

const row = (id: string) => t.dataSource.manager.findOneByOrFail(OutboxMessage, { id });
const mailFor = (id: string) => smtp.messages.filter((m) => m.headers["x-admit-message-id"] === id);

test("killed right after the commit, before any dispatch: the next dispatcher delivers it once", async () => {
  const child = spawnChild(
    "enqueue",
    childEnv(t, {
      OUTBOX_WORKER: "off",
      CHILD_MESSAGE: JSON.stringify(emailMessage(orgId, userId, { subject: "Survives a kill" })),
    }),
  );
  const { committed: id } = await child.line<{ committed: string }>("committed");
  child.process.kill("SIGKILL");
  await child.exited;

  expect(await row(id)).toMatchObject({ status: "pending", attempts: 0, claimId: null });
  expect(mailFor(id)).toEqual([]);
  expect(await t.services.notify.dispatcher.drain()).toMatchObject({ sent: 1 });
  const [mail, ...more] = mailFor(id);
  expect(more).toEqual([]);
  expect(mail?.subject).toBe("Survives a kill");
  expect(mail?.text).toContain(LINK);
});

describe("killed in the middle of a send", () => {
  // An SMTP server that accepts the connection and then never says a word: the send hangs.
  let blackhole: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    blackhole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackhole.listen(0, "127.0.0.1", () => resolve()));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  test("the claim keeps it from others until the lease ends, then it is delivered once", async () => {
    const child = spawnChild(
      "enqueue",
      childEnv(t, {
        OUTBOX_WORKER: "inprocess",
        SMTP_URL: `smtp://127.0.0.1:${(blackhole.address() as AddressInfo).port}`,
        CHILD_MESSAGE: JSON.stringify(emailMessage(orgId, userId, { subject: "Killed mid-send" })),
      }),
    );
    const { committed: id } = await child.line<{ committed: string }>("committed");
    // The child's own dispatcher (woken by the commit) has claimed it and is talking to the blackhole.
    for (let i = 0; i < 1500 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sockets.length).toBeGreaterThan(0);
    child.process.kill("SIGKILL");
    await child.exited;

    const orphaned = await row(id);
    expect(orphaned).toMatchObject({ status: "pending", attempts: 1 });
    expect(orphaned.claimId).not.toBeNull();
    expect(await t.services.notify.dispatcher.drain()).toMatchObject({ claimed: 0 });

    clock.advance(125_000); // past the 2-minute lease
    expect(await t.services.notify.dispatcher.drain()).toMatchObject({ claimed: 1, sent: 1 });
    expect(mailFor(id).map((m) => m.subject)).toEqual(["Killed mid-send"]);
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2, claimId: null, payload: null });
  });
});
