/**
 * What is pruned and what stays (src/main.ts runs these every six hours): sent and failed
 * outbox messages and finished imports (their row reports hold the uploaded cells) go after
 * their retention; pending messages and running imports never do.
 */
import { ImportJob, ImportJobRow } from "../../src/import";
import { newId } from "../../src/lib";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from "../support/app";

let t: TestApp;
let acme: TestOrg;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "retention");
});
afterAll(async () => t.close());

const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

test("outbox: sent and failed messages past the retention go; pending ones and recent ones stay", async () => {
  const ids: Record<string, string> = {};
  await t.services.withTransaction(async (tx) => {
    for (const name of ["oldSent", "oldFailed", "oldPending", "newSent"]) {
      ids[name] = await t.services.notify.outbox.enqueue(tx, {
        organisationId: acme.org.id,
        userId: null,
        channel: "email",
        to: `${name}@example.com`,
        purpose: "activation",
        subject: "Hello",
        text: "Hello",
      });
    }
  });
  const repo = t.dataSource.getRepository(OutboxMessage);
  await repo.update({ id: ids.oldSent }, { status: "sent", createdAt: daysAgo(31) });
  await repo.update({ id: ids.oldFailed }, { status: "failed", createdAt: daysAgo(40) });
  await repo.update({ id: ids.oldPending }, { createdAt: daysAgo(90) });
  await repo.update({ id: ids.newSent }, { status: "sent", createdAt: daysAgo(29) });

  expect(await t.services.notify.prune(30)).toBe(2);
  const left = (await repo.findBy({ organisationId: acme.org.id })).map((m) => m.id).sort();
  expect(left).toEqual([ids.oldPending, ids.newSent].sort());
});

async function job(status: ImportJob["status"], updatedAt: Date, rows: number): Promise<string> {
  const id = newId();
  await t.dataSource.getRepository(ImportJob).insert({
    id,
    organisationId: acme.org.id,
    runningKey: status === "running" ? acme.org.id : null,
    status,
    dryRun: false,
    fileName: "people.xlsx",
    fileBytes: 1000,
    requestedBy: "tests",
    headers: ["First name"],
    totalRows: rows,
    processedRows: rows,
    createdAt: updatedAt,
    startedAt: updatedAt,
    finishedAt: status === "running" ? null : updatedAt,
    updatedAt,
  });
  const repo = t.dataSource.getRepository(ImportJobRow);
  for (let start = 2; start < rows + 2; start += 500) {
    const slice = Array.from({ length: Math.min(500, rows + 2 - start) }, (_, i) => ({
      jobId: id,
      rowNumber: start + i,
      status: "created" as const,
      messages: null,
      userId: null,
      cellValues: ["Ann"],
    }));
    await repo.insert(slice);
  }
  return id;
}

test("imports: finished jobs past the retention go with all their rows (more than one slice); running and recent ones stay", async () => {
  const oldDone = await job("completed", daysAgo(31), 12_000);
  const oldFailed = await job("failed", daysAgo(45), 3);
  const oldRunning = await job("running", daysAgo(60), 3);
  const recent = await job("completed", daysAgo(2), 3);

  expect(await t.services.imports.prune(30)).toBe(2);
  const jobs = (await t.dataSource.getRepository(ImportJob).findBy({ organisationId: acme.org.id }))
    .map((j) => j.id)
    .sort();
  expect(jobs).toEqual([oldRunning, recent].sort());
  const rows = t.dataSource.getRepository(ImportJobRow);
  expect(await rows.countBy({ jobId: oldDone })).toBe(0);
  expect(await rows.countBy({ jobId: oldFailed })).toBe(0);
  expect(await rows.countBy({ jobId: oldRunning })).toBe(3);
  expect(await rows.countBy({ jobId: recent })).toBe(3);
});
