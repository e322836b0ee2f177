import { start } from "../../src/main";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, testConfig, type TestApp } from "../support/app";
import { SmtpCapture } from "../support/smtp";
import { childEnv, emailMessage, enqueue, orgWithUser, spawnChild } from "./notify-support";

/** Where the dispatcher runs: inside the server (OUTBOX_WORKER=inprocess) or as `admit worker`. */

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
  t = await createTestApp({ config: { notify } });
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

const mailFor = (id: string) => smtp.messages.filter((m) => m.headers["x-admit-message-id"] === id);

test("`admit worker --once --json` delivers what is due and reports it", async () => {
  const id = await enqueue(t, emailMessage(orgId, userId, { subject: "From the CLI" }));
  const worker = spawnChild("cli", childEnv(t, { SMTP_URL: smtp.url }), ["worker", "--once", "--json"]);
  expect(await worker.line("claimed")).toMatchObject({ claimed: 1, sent: 1, failed: 0 });
  expect(await worker.exited).toBe(0);
  expect(mailFor(id)).toHaveLength(1);
});

test("`admit worker` keeps delivering until SIGTERM, then stops cleanly (exit 0)", async () => {
  const worker = spawnChild("cli", childEnv(t, { SMTP_URL: smtp.url, OUTBOX_POLL_MS: "100" }), [
    "worker",
    "--json",
  ]);
  const id = await enqueue(t, emailMessage(orgId, userId, { subject: "Worker loop" }));
  await smtp.waitFor((m) => m.headers["x-admit-message-id"] === id, 20_000);
  worker.process.kill("SIGTERM");
  expect(await worker.line("stopped")).toEqual({ stopped: true });
  expect(await worker.exited).toBe(0);
  expect(await t.dataSource.manager.findOneByOrFail(OutboxMessage, { id })).toMatchObject({ status: "sent" });
});

test("start() runs the dispatcher in-process (OUTBOX_WORKER=inprocess) and stop() ends it", async () => {
  const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const config = { ...t.config, notify: { ...t.config.notify, worker: "inprocess" as const, pollMs: 100 } };
  // Enqueued first: on SQLite, two connections of one process must not both wait for the lock.
  const id = await enqueue(t, emailMessage(orgId, userId, { subject: "In-process" }));
  const { stop } = await start(config);
  try {
    await smtp.waitFor((m) => m.headers["x-admit-message-id"] === id, 10_000);
  } finally {
    await stop();
    write.mockRestore();
  }
});
