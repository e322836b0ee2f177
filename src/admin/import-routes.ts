import { Router, type Response } from "express";
import type { ImportJobView, ImportService } from "../import";
import { parseInput } from "../http";
import { orgOf, type Actor } from "./authorize";
import { importJobQuery, importQuery } from "./import-schemas";
import { receiveUpload, XLSX_TYPE } from "./import-upload";

/** Imports of up to this many rows answer at once (200); bigger ones run as a job (202 + polling). */
export const SYNC_ROWS = 1000;

/**
 * `/orgs/:org/users/import-template` and `/orgs/:org/users/import…`. Mounted before the user
 * routes, or `GET /users/:id` would take "import-template" for a user id.
 */
export function importRoutes(imports: ImportService): Router {
  const router = Router({ mergeParams: true });

  router.get("/import-template", async (req, res) => {
    const org = orgOf(req);
    sendXlsx(res, `${org.slug}-users-template.xlsx`);
    await streamed(res, () => imports.writeTemplate(org.id, res));
  });

  router.post("/import", async (req, res) => {
    const org = orgOf(req);
    const { dryRun = false } = parseInput(importQuery, req.query, "query");
    const upload = await receiveUpload(req, imports);
    let running: Promise<ImportJobView> | undefined;
    try {
      const prepared = await imports.prepare(org.id, upload, { dryRun, requestedBy: actorLabel(req.actor) });
      const location = `${req.baseUrl}/import/${prepared.job.id}`;
      running = prepared.run();
      if (prepared.job.progress.totalRows > SYNC_ROWS) {
        res
          .status(202)
          .location(location)
          .json({ ...prepared.job, links: links(location) });
        return;
      }
      const job = await running;
      const rows = await imports.rows(org.id, job.id, { pageSize: SYNC_ROWS });
      res.location(location).json({ ...job, links: links(location), rows });
    } finally {
      // The temporary copy goes when the import is done with it (now, or when the job ends).
      void Promise.resolve(running)
        .catch(() => undefined)
        .finally(() => upload.remove());
    }
  });

  router.get("/import/:job", async (req, res) => {
    const org = orgOf(req);
    const query = parseInput(importJobQuery, req.query, "query");
    const job = await imports.job(org.id, req.params.job as string);
    const location = `${req.baseUrl}/import/${job.id}`;
    res.json({ ...job, links: links(location), rows: await imports.rows(org.id, job.id, query) });
  });

  router.get("/import/:job/report", async (req, res) => {
    const org = orgOf(req);
    const jobId = req.params.job as string;
    await imports.assertReportReady(org.id, jobId);
    sendXlsx(res, `import-report-${jobId}.xlsx`);
    await streamed(res, () => imports.writeReport(org.id, jobId, res));
  });
  return router;
}

function links(location: string) {
  return { self: location, report: `${location}/report` };
}

function sendXlsx(res: Response, fileName: string): void {
  res.status(200);
  res.setHeader("Content-Type", XLSX_TYPE);
  res.setHeader("Content-Disposition", `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`);
  res.setHeader("Cache-Control", "no-store");
}

/** Once bytes are sent a problem+json body is impossible: a failure cuts the download short instead. */
async function streamed(res: Response, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    res.destroy();
    throw error;
  }
}

function actorLabel(actor: Actor | undefined): string | null {
  if (!actor) return null;
  return actor.kind === "api_key" ? `API key "${actor.name}"`.slice(0, 200) : `user ${actor.userId}`;
}
