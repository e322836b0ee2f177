import { User } from "../../src/directory";
import { BATCH_SIZE } from "../../src/import";
import { createTestApp, type TestApp } from "../support/app";
import { row, xlsxBuffer } from "../support/xlsx";
import { importOrg, upload } from "./import-support";
import { deliveryRows, fastDispatcher, Receiver, subscribe, until } from "./webhooks-support";

/**
 * An Excel import writes users in batches through the directory's batch writer; every user it
 * creates is a `user.created` event for each subscribed endpoint, like any other change: N rows,
 * N deliveries, exactly once each.
 */
jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

test("importing N users sends N user.created events to a subscribed endpoint, none to one that is not", async () => {
  const api = await importOrg(t, "imp");
  const receiver = await new Receiver().start();
  const other = await new Receiver().start();
  await subscribe(api, receiver, ["user.created"]);
  await subscribe(api, other, ["user.deactivated"]);
  // More than one batch of the import, and more than one chunk of the webhook recorder (50).
  const N = BATCH_SIZE + 120;
  const file = await xlsxBuffer({
    rows: Array.from({ length: N }, (_, i) =>
      row({
        firstName: `Imp${i}`,
        lastName: "Orted",
        email: `imp${i}@example.com`,
        language: "en",
        jobProfile: "Nurse",
        departments: "Cardiology",
        permissionTypes: "Learner",
      }),
    ),
  });
  const dispatcher = fastDispatcher(t);
  try {
    // More rows than an import answers at once: a job (202), polled to its end.
    const res = await upload(t, api, file).expect(202);
    let job = res.body;
    while (job.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await api.get(`/users/import/${res.body.id}?pageSize=1`).expect(200)).body;
    }
    expect(job).toMatchObject({ status: "completed", counts: { created: N, error: 0 } });

    dispatcher.start();
    await until(() => receiver.accepted.length >= N, `${N} deliveries`, 60_000);
    await dispatcher.drain();
  } finally {
    // Stopped on a failure too: a receiver left listening keeps Jest from exiting.
    await dispatcher.stop();
    await receiver.stop();
    await other.stop();
  }
  const imported = await t.dataSource.manager.findBy(User, { organisationId: api.org.id, source: "import" });
  expect(imported).toHaveLength(N);
  expect(receiver.all).toHaveLength(N); // exactly once each
  expect(receiver.accepted.every((r) => r.type === "user.created" && r.signatureValid)).toBe(true);
  expect(new Set(receiver.accepted.map((r) => r.eventId)).size).toBe(N);
  expect(new Set(receiver.accepted.map((r) => r.body.data.user.id))).toEqual(
    new Set(imported.map((u) => u.id)),
  );
  expect(
    receiver.accepted.find((r) => r.body.data.user.email === "imp7@example.com")?.body.data.user,
  ).toMatchObject({ firstName: "Imp7", source: "import", jobProfile: { name: "Nurse" } });
  expect(other.all).toHaveLength(0);
  expect(await deliveryRows(t)).toHaveLength(N);
});
