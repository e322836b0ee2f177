import type { Request, Response, Router } from "express";
import { receiveUpload, XLSX_TYPE, type Upload } from "../../admin";
import type { ImportJobView } from "../../import";
import { AppError } from "../../lib";
import { html } from "../../web";
import { audited, consoleActor } from "../audit";
import type { ConsoleDeps } from "../deps";
import { consoleLanguage, t as translate, type ConsoleKey } from "../i18n";
import { consolePage, setFlash } from "../shell";
import {
  badge,
  errorSummary,
  hrefWith,
  pageHeader,
  pager,
  str,
  table,
  when,
  type FieldProblems,
} from "../ui";

/** How long a checked file waits for "Import these users" before its temporary copy is removed. */
const KEEP_MS = 30 * 60_000;

/** Written into the "import.apply" audit summary, followed by the check's id. */
const FROM_CHECK = ", checked as ";

interface Applied {
  organisationId: string;
  jobId: string;
  at: Date;
}

interface Kept {
  organisationId: string;
  upload: Upload;
  timer: NodeJS.Timeout;
}

/**
 * `/users/import-template`, `/users/import…`: through src/import's service exactly as
 * src/admin/import-routes.ts — upload (multipart), a dry run first (nothing written), then the
 * real import of the same file, its progress (the page refreshes itself while the job runs) and
 * the downloadable report. Between the check and "Import these users" the uploaded copy is kept
 * in this process for KEEP_MS, keyed by the dry run's job id and organisation; after a restart
 * the admin uploads the file again.
 *
 * A multipart form's body is not parsed before the guard runs, so its CSRF token travels in the
 * form's action URL (`?_csrf=`), which the guard accepts for POSTs.
 */
export function importRoutes(router: Router, deps: ConsoleDeps): void {
  const { imports } = deps;
  const kept = new Map<string, Kept>();
  const base = (req: Request) => `/o/${req.org?.slug ?? ""}/admin/users`;
  /** Check id → the import made from it, so the check's page says so (and offers no second run). */
  const applied = new Map<string, Applied>();

  /**
   * The import made from a check: this process remembers it; after a restart, the audit log's
   * "import.apply" row (which names the check) does. Newest 200 imports of the organisation.
   */
  const appliedFrom = async (organisationId: string, checkId: string): Promise<Applied | undefined> => {
    const known = applied.get(checkId);
    if (known) return known.organisationId === organisationId ? known : undefined;
    const log = await deps.audit.list(organisationId, {
      action: "import.apply",
      targetType: "import",
      pageSize: 200,
    });
    const event = log.items.find((e) => e.summary?.endsWith(`${FROM_CHECK}${checkId}`) && e.targetId);
    return event ? { organisationId, jobId: event.targetId as string, at: event.at } : undefined;
  };

  const keep = (jobId: string, organisationId: string, upload: Upload) => {
    const timer = setTimeout(() => void release(jobId), KEEP_MS);
    timer.unref();
    kept.set(jobId, { organisationId, upload, timer });
  };
  const release = async (jobId: string) => {
    const entry = kept.get(jobId);
    if (!entry) return;
    kept.delete(jobId);
    clearTimeout(entry.timer);
    await entry.upload.remove().catch(() => undefined);
  };

  router.get("/import-template", async (req, res) => {
    const org = req.org!;
    sendXlsx(res, `${org.slug}-users-template.xlsx`);
    try {
      await imports.writeTemplate(org.id, res);
    } catch (error) {
      res.destroy();
      throw error;
    }
  });

  const uploadPage = (req: Request, res: Response, problems?: FieldProblems, status?: number) => {
    const t = translate(req);
    const action = hrefWith(`${base(req)}/import`, { _csrf: req.consoleCsrf });
    const body = html`${pageHeader(t("import.title"), {
        lead: t("import.intro"),
        actions: html`<a class="button secondary" href="${base(req)}/import-template" download
          >${t("users.downloadTemplate")}</a
        >`,
      })}
      ${errorSummary(t, problems, { file: t("import.file") })}
      <form method="post" action="${action}" enctype="multipart/form-data" class="panel">
        <div class="field${problems?.file ? " invalid" : ""}">
          <label for="f-file">${t("import.file")}</label>
          ${problems?.file ? html`<p class="field-error" id="f-file-error">${problems.file.join(" ")}</p>` : ""}
          <input
            id="f-file"
            type="file"
            name="file"
            accept=".xlsx,${XLSX_TYPE}"
            required
            ${problems?.file ? html`aria-invalid="true" aria-describedby="f-file-error"` : ""}
          />
        </div>
        <div class="form-actions"><button type="submit">${t("import.upload")}</button></div>
      </form>`;
    consolePage(req, res, { title: t("import.title"), section: "users", body, status });
  };

  /**
   * A refused upload is answered with a redirect to the clean upload page (the reason in the
   * flash), never a page at this POST's URL: its `?_csrf=` would stay in the address bar, the
   * history and any Referer. The flash shows the reason as an alert above the form.
   */
  const refused = (req: Request, res: Response, reason: string) => {
    setFlash(req, res, { kind: "error", text: reason });
    res.setHeader("Referrer-Policy", "no-referrer");
    res.redirect(303, `${base(req)}/import`);
  };

  router.get("/import", (req, res) => uploadPage(req, res));

  router.post("/import", async (req, res) => {
    const org = req.org!;
    let upload: Upload;
    try {
      upload = await receiveUpload(req, imports);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return refused(req, res, fileMessage(req, error));
    }
    try {
      const prepared = await imports.prepare(org.id, upload, {
        dryRun: true,
        requestedBy: consoleActor(req).label,
      });
      keep(prepared.job.id, org.id, upload);
      // The check runs on; its page refreshes until it is done.
      void prepared
        .run()
        .catch((error: unknown) => deps.logger.error({ err: error }, "import dry run failed"));
      res.redirect(303, `${base(req)}/import/${prepared.job.id}`);
    } catch (error) {
      await upload.remove().catch(() => undefined);
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return refused(req, res, error.detail);
    }
  });

  router.get("/import/:job", async (req, res) => {
    const t = translate(req);
    const org = req.org!;
    const job = await imports.job(org.id, req.params.job as string);
    const pageNo = Math.min(1_000_000, Math.max(1, Number(str(req.query.page)) || 1));
    const onlyErrors = str(req.query.rows) !== "all";
    const rows = await imports.rows(org.id, job.id, {
      status: onlyErrors ? "error" : undefined,
      page: pageNo,
      pageSize: 50,
    });
    const running = job.status === "running";
    const language = consoleLanguage(req);
    const checkedOk = job.dryRun && job.status === "completed";
    // A finished check is in one of four states: imported already, nothing to import, ready to
    // import (its file is still kept), or its file is gone. Only the third offers the button.
    const applied = checkedOk ? await appliedFrom(org.id, job.id) : undefined;
    const nothingReady = checkedOk && !applied && job.counts.valid === 0;
    const canApply = checkedOk && !applied && !nothingReady && kept.get(job.id)?.organisationId === org.id;
    const title = job.dryRun ? t("import.dryRunTitle", { file: job.fileName ?? "" }) : t("import.title");
    const here = `${base(req)}/import/${job.id}`;
    const body = html`${pageHeader(title, {
        actions: html`<a class="button secondary" href="${base(req)}">${t("common.back")}</a>`,
      })}
      <section class="panel" aria-labelledby="job-status">
        <h2 id="job-status">${t("import.status")}: ${jobBadge(t, job)}</h2>
        ${
          running
            ? html`<p role="status">${t("import.running")}</p>
                <progress max="100" value="${job.progress.percent}" aria-label="${t("import.status")}">
                  ${job.progress.percent}%
                </progress>
                <p>${job.progress.processedRows} / ${job.progress.totalRows}</p>`
            : job.status === "failed"
              ? html`<p class="alert" role="alert">${t("import.failed")} ${job.error?.detail ?? ""}</p>`
              : !job.dryRun
                ? html`<p role="status">${t("import.done")}</p>`
                : applied
                  ? html`<p role="status">
                      ${t("import.appliedAs", { when: when(applied.at, language) })}
                      <a href="${base(req)}/import/${applied.jobId}">${t("import.openResult")}</a>
                    </p>`
                  : nothingReady
                    ? html`<p role="status">
                        <strong>${t("import.nothingReady")}</strong>
                        ${job.counts.error > 0 || job.counts.skipped > 0 ? t("import.nothingReadySkipped") : ""}
                      </p>`
                    : canApply
                      ? html`<p role="status">${t("import.checked")}</p>`
                      : html`<p role="status">${t("import.notKept")}</p>`
        }
        <dl class="facts counts">
          <dt>${t("import.rows")}</dt>
          <dd>${job.progress.totalRows}</dd>
          <dt>${job.dryRun ? t("import.valid") : t("import.created")}</dt>
          <dd>${job.dryRun ? job.counts.valid : job.counts.created}</dd>
          <dt>${t("import.skipped")}</dt>
          <dd>${job.counts.skipped}</dd>
          <dt>${t("import.invalid")}</dt>
          <dd>${job.counts.error}</dd>
        </dl>
        <div class="button-row">
          ${
            canApply
              ? html`<form method="post" action="${here}/apply">
                  <input type="hidden" name="_csrf" value="${req.consoleCsrf ?? ""}" />
                  <button type="submit">${t("import.apply")}</button>
                </form>`
              : ""
          }
          ${running ? "" : html`<a class="button secondary" href="${here}/report" download>${t("import.report")}</a>`}
        </div>
      </section>
      <section class="panel" aria-labelledby="job-rows">
        <h2 id="job-rows">${onlyErrors ? t("import.invalid") : t("import.rows")}</h2>
        <p>
          <a href="${hrefWith(here, { rows: onlyErrors ? "all" : undefined })}"
            >${onlyErrors ? t("import.rows") : t("import.invalid")}</a
          >
        </p>
        ${table({
          caption: t("import.rows"),
          head: [t("import.row"), t("import.status"), t("import.problem")],
          rows: rows.items.map(
            (r) =>
              html`<tr>
                <td>${r.row}</td>
                <td>
                  ${badge(
                    t(`import.rowState.${r.status}`),
                    r.status === "error" ? "danger" : r.status === "skipped" ? "warn" : "ok",
                  )}
                </td>
                <td>
                  ${
                    r.messages.length
                      ? html`<ul class="plain">
                          ${r.messages.map(
                            (m) =>
                              html`<li>
                                ${m.column ? html`<strong>${m.column}</strong>: ` : ""}${m.detail}
                              </li>`,
                          )}
                        </ul>`
                      : ""
                  }
                </td>
              </tr>`,
          ),
          empty: t("common.empty"),
        })}
        ${pager(t, { page: rows.page, pageSize: rows.pageSize, total: rows.total, hrefFor: (p) => hrefWith(here, { rows: onlyErrors ? undefined : "all", page: p }) })}
      </section>`;
    consolePage(req, res, { title, section: "users", body, refreshSeconds: running ? 2 : undefined });
  });

  router.post("/import/:job/apply", async (req, res) => {
    const t = translate(req);
    const org = req.org!;
    const checked = await imports.job(org.id, req.params.job as string);
    // Imported already (a second click, the back button): to that import's result, never twice.
    const done = checked.dryRun ? await appliedFrom(org.id, checked.id) : undefined;
    if (done) return res.redirect(303, `${base(req)}/import/${done.jobId}`);
    if (checked.dryRun && checked.status === "completed" && checked.counts.valid === 0) {
      setFlash(req, res, { kind: "error", text: t("import.nothingReady") });
      return res.redirect(303, `${base(req)}/import/${checked.id}`);
    }
    const entry = kept.get(checked.id);
    if (!entry || entry.organisationId !== org.id || !checked.dryRun || checked.status !== "completed") {
      setFlash(req, res, { kind: "error", text: t("import.noFile") });
      return res.redirect(303, `${base(req)}/import`);
    }
    kept.delete(checked.id);
    clearTimeout(entry.timer);
    const prepared = await imports.prepare(org.id, entry.upload, {
      dryRun: false,
      requestedBy: consoleActor(req).label,
    });
    applied.set(checked.id, { organisationId: org.id, jobId: prepared.job.id, at: prepared.job.createdAt });
    await audited(deps, req, {
      action: "import.apply",
      target: { type: "import", id: prepared.job.id, label: checked.fileName ?? "upload.xlsx" },
      // The check it came from: how the check's page finds this import after a restart.
      summary: `${prepared.job.progress.totalRows} row(s)${FROM_CHECK}${checked.id}`,
    });
    const target = { type: "import", id: prepared.job.id, label: checked.fileName ?? "upload.xlsx" };
    void prepared
      .run()
      // The outcome, when the job ends: what the import did, not only that it was started.
      .then((done) => audited(deps, req, { action: "import.finish", target, summary: outcome(done) }))
      .catch(async (error: unknown) => {
        deps.logger.error({ err: error }, "import failed");
        await audited(deps, req, { action: "import.finish", target, summary: "failed" });
      })
      .finally(() => entry.upload.remove().catch(() => undefined));
    res.redirect(303, `${base(req)}/import/${prepared.job.id}`);
  });

  router.get("/import/:job/report", async (req, res) => {
    const org = req.org!;
    const jobId = req.params.job as string;
    await imports.assertReportReady(org.id, jobId);
    sendXlsx(res, `import-report-${jobId}.xlsx`);
    try {
      await imports.writeReport(org.id, jobId, res);
    } catch (error) {
      res.destroy();
      throw error;
    }
  });
}

/** "completed: 120 created, 3 skipped, 2 invalid of 125 row(s)" — counts only, never row data. */
function outcome(job: ImportJobView): string {
  const c = job.counts;
  const status = job.status === "failed" ? `failed (${job.error?.code ?? "error"})` : job.status;
  return `${status}: ${c.created} created, ${c.skipped} skipped, ${c.error} invalid of ${job.progress.totalRows} row(s)`;
}

function jobBadge(t: (k: ConsoleKey) => string, job: ImportJobView) {
  const tone = job.status === "completed" ? "ok" : job.status === "failed" ? "danger" : "info";
  return badge(t(`import.state.${job.status}`), tone);
}

function fileMessage(req: Request, error: AppError): string {
  return error.code === "import.no_file" ? translate(req)("import.noFile") : error.detail;
}

function sendXlsx(res: Response, fileName: string): void {
  res.status(200);
  res.setHeader("Content-Type", XLSX_TYPE);
  res.setHeader("Content-Disposition", `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`);
  res.setHeader("Cache-Control", "no-store");
}
