import type { Request, Response, Router } from "express";
import { dryRun, organisationUpdate, ruleCreate, ruleUpdate, scimUserOf } from "../../../admin";
import { parseInput } from "../../../http";
import { invalid } from "../../../lib";
import { PRESETS, scimUserToMappingInput, type MappingPreview, type StoredRule } from "../../../mapping";
import { html, type SafeHtml } from "../../../web";
import type { ConsoleDeps } from "../../deps";
import { t } from "../../i18n";
import { jsonProblem } from "../../messages";
import { confirmed } from "../../confirm";
import { consolePage, csrfField } from "../../shell";
import { badge, pageHeader, table } from "../../ui";
import {
  actorOf,
  bodyOf,
  doneKey,
  formProblem,
  lines,
  orgOf,
  problemSummary,
  select,
  text,
  textarea,
  type FormProblem,
} from "../settings/forms";
import { blankRule, ruleForm, ruleInput, ruleValues, typedRule, type RuleFormValues } from "./rule-form";
import { scimTabs } from "./tabs";

const DONE = ["created", "saved", "deleted", "preset", "defaults"] as const;

/** What the mapping page shows besides the rules: a refused form, or a dry run's outcome. */
interface MappingPageState {
  newRule?: { values: RuleFormValues; problem: FormProblem };
  defaults?: { values: Record<string, string>; problem: FormProblem };
  dryRun?: { payload: string; groups: string; preview?: MappingPreview; problem?: FormProblem };
}

const SAMPLE = JSON.stringify(
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "alice@example.com",
    title: "Nurse",
    preferredLanguage: "da-DK",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Cardiology" },
  },
  null,
  2,
);

/**
 * The mapping rules editor (list, add, edit, delete, presets, the organisation defaults that
 * "use the default" falls back to) and the dry run on a pasted SCIM payload: the mapping
 * service's own preview, in a transaction that is always rolled back.
 */
export function mountMapping(router: Router, deps: ConsoleDeps): void {
  const { mapping, directory, audit } = deps;
  const base = (req: Request) => `/o/${orgOf(req).slug}/admin/scim/mapping`;
  const audited = (req: Request, action: string, label: string, id: string | null = null, summary = "") =>
    audit.recordAfter(orgOf(req).id, {
      actor: actorOf(req),
      action,
      target: { type: "mapping_rule", id, label },
      summary,
    });
  const describe = (tr: ReturnType<typeof t>, rule: StoredRule) =>
    rule.source.kind === "attribute" ? rule.source.path : tr("map.groupsBy", { match: rule.source.match });

  const page = async (req: Request, res: Response, state: MappingPageState = {}) => {
    const tr = t(req);
    const org = orgOf(req);
    const [rules, departments, jobProfiles, permissionTypes] = await Promise.all([
      mapping.listRules(org.id),
      directory.departments.list(org.id),
      directory.jobProfiles.list(org.id),
      directory.permissionTypes.list(org.id),
    ]);
    const done = doneKey(req, DONE);
    const defaultsErrors = state.defaults?.problem.fields ?? {};
    const defaults = state.defaults?.values ?? {
      defaultDepartmentId: org.defaultDepartmentId ?? "",
      defaultJobProfileId: org.defaultJobProfileId ?? "",
      defaultPermissionTypeId: org.defaultPermissionTypeId ?? "",
    };
    const choices = (list: Array<{ id: string; name: string }>) =>
      list.map((e) => ({ value: e.id, label: e.name }));
    const status = state.newRule || state.defaults || state.dryRun?.problem ? 422 : 200;
    const body = html`${pageHeader(tr("scim.title"), { lead: tr("map.intro") })} ${scimTabs(req, "mapping")}
      <h2 id="rules-title">${tr("map.rules")}</h2>
      ${table({
        caption: tr("map.rules"),
        head: [
          tr("map.position"),
          tr("map.target"),
          tr("map.source"),
          tr("map.valueMap"),
          tr("map.unknownPolicy"),
          html`<span class="visually-hidden">${tr("common.actions")}</span>`,
        ],
        empty: tr("map.noRules"),
        rows: rules.map(
          (rule) =>
            html`<tr id="rule-${rule.id}">
              <td>${rule.position}</td>
              <td>${tr(`map.target.${rule.target}`)}</td>
              <td><code>${describe(tr, rule)}</code></td>
              <td>
                ${
                  Object.keys(rule.valueMap).length
                    ? Object.entries(rule.valueMap).map(
                        ([from, to]) => html`<span class="map-entry">${from} → ${to}</span> `,
                      )
                    : "—"
                }
              </td>
              <td>${tr(`map.policy.${rule.unknownPolicy}`)}</td>
              <td class="row-actions">
                <a href="${base(req)}/rules/${rule.id}">${tr("common.edit")}</a>
                <form method="post" action="${base(req)}/rules/${rule.id}/delete" class="inline">
                  ${csrfField(req)}
                  <button type="submit" class="link danger">${tr("common.delete")}</button>
                </form>
              </td>
            </tr>`,
        ),
      })}
      <div class="presets">
        ${Object.values(PRESETS).map(
          (preset) =>
            html`<form method="post" action="${base(req)}/presets/${preset.name}" class="panel preset">
              ${csrfField(req)}
              <p>${preset.description}</p>
              <p class="hint">${tr("map.presetReplaces")}</p>
              <button type="submit" class="secondary">${tr(`map.preset.${preset.name}`)}</button>
            </form>`,
        )}
      </div>
      <h2 id="new-rule-title">${tr("map.newRule")}</h2>
      ${problemSummary(state.newRule?.problem, tr("errors.summaryTitle"))}
      ${ruleForm(req, tr, {
        action: `${base(req)}/rules`,
        values: state.newRule?.values ?? blankRule,
        errors: state.newRule?.problem.fields ?? {},
        submit: tr("map.addRule"),
      })}
      <h2 id="defaults-title">${tr("map.defaults")}</h2>
      <p class="hint">${tr("map.defaultsHint")}</p>
      ${problemSummary(state.defaults?.problem, tr("errors.summaryTitle"))}
      <form method="post" action="${base(req)}/defaults" class="panel" novalidate>
        ${csrfField(req)}
        ${select({
          name: "defaultDepartmentId",
          label: tr("signup.defaultDepartment"),
          value: defaults.defaultDepartmentId,
          error: defaultsErrors.defaultDepartmentId,
          options: choices(departments),
        })}
        ${select({
          name: "defaultJobProfileId",
          label: tr("signup.defaultJobProfile"),
          value: defaults.defaultJobProfileId,
          error: defaultsErrors.defaultJobProfileId,
          options: choices(jobProfiles),
        })}
        ${select({
          name: "defaultPermissionTypeId",
          label: tr("signup.defaultPermissionType"),
          value: defaults.defaultPermissionTypeId,
          error: defaultsErrors.defaultPermissionTypeId,
          options: choices(permissionTypes),
        })}
        <div class="form-actions"><button type="submit">${tr("common.save")}</button></div>
      </form>
      <h2 id="dry-run-title">${tr("map.dryRun")}</h2>
      <p class="hint">${tr("map.dryRunHint")}</p>
      ${problemSummary(state.dryRun?.problem, tr("map.dryRunRefused"))}
      <form method="post" action="${base(req)}/dry-run#dry-run-title" class="panel" novalidate>
        ${csrfField(req)}
        ${textarea({
          name: "payload",
          label: tr("map.payload"),
          value: state.dryRun?.payload ?? SAMPLE,
          error: state.dryRun?.problem?.fields.payload,
          rows: 12,
          code: true,
        })}
        ${textarea({
          name: "groups",
          label: tr("map.groups"),
          value: state.dryRun?.groups ?? "",
          hint: tr("map.groupsHint"),
          error: state.dryRun?.problem?.fields.groups,
          rows: 3,
        })}
        <div class="form-actions"><button type="submit">${tr("map.runDryRun")}</button></div>
      </form>
      ${state.dryRun?.preview ? previewPanel(tr, state.dryRun.preview, rules) : ""}`;
    consolePage(req, res, {
      title: tr("scim.tabMapping"),
      section: "scim",
      body,
      status,
      flash: done ? { kind: "ok", text: tr(`map.done.${done}`) } : undefined,
    });
  };

  router.get("/mapping", (req, res) => page(req, res));

  router.post("/mapping/rules", async (req, res) => {
    const org = orgOf(req);
    try {
      const rule = await mapping.createRule(org.id, parseInput(ruleCreate, ruleInput(req)));
      await audited(req, "mapping.rule_create", `${rule.target} ← ${describe(t(req), rule)}`, rule.id);
      res.redirect(303, `${base(req)}?done=created#rule-${rule.id}`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      await page(req, res, { newRule: { values: typedRule(req), problem } });
    }
  });

  const editPage = (
    req: Request,
    res: Response,
    rule: StoredRule,
    values: RuleFormValues,
    problem?: FormProblem,
  ) => {
    const tr = t(req);
    const body = html`<p><a href="${base(req)}">← ${tr("scim.tabMapping")}</a></p>
      ${pageHeader(tr("map.editRule", { position: rule.position }))}
      ${problemSummary(problem, tr("errors.summaryTitle"))}
      ${ruleForm(req, tr, {
        action: `${base(req)}/rules/${rule.id}`,
        values,
        errors: problem?.fields ?? {},
        submit: tr("common.save"),
      })}`;
    consolePage(req, res, {
      title: tr("scim.tabMapping"),
      section: "scim",
      body,
      status: problem ? 422 : 200,
    });
  };

  router.get("/mapping/rules/:id", async (req, res) => {
    const rule = await mapping.getRule(orgOf(req).id, req.params.id as string);
    editPage(req, res, rule, ruleValues(rule));
  });

  router.post("/mapping/rules/:id", async (req, res) => {
    const org = orgOf(req);
    // Another organisation's rule id is a 404 here, before anything is parsed.
    const rule = await mapping.getRule(org.id, req.params.id as string);
    try {
      const updated = await mapping.updateRule(org.id, rule.id, parseInput(ruleUpdate, ruleInput(req)));
      await audited(req, "mapping.rule_update", `${updated.target} ← ${describe(t(req), updated)}`, rule.id);
      res.redirect(303, `${base(req)}?done=saved#rule-${rule.id}`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      editPage(req, res, rule, typedRule(req), problem);
    }
  });

  router.post("/mapping/rules/:id/delete", async (req, res) => {
    const org = orgOf(req);
    const rule = await mapping.getRule(org.id, req.params.id as string);
    // Asked first, without JavaScript, like every other destructive action (src/console/confirm.ts).
    const tr = t(req);
    const name = `${tr(`map.target.${rule.target}`)} ← ${describe(tr, rule)}`;
    const ok = confirmed(req, res, {
      section: "scim",
      title: tr("confirm.deleteTitle", { name }),
      question: tr("map.confirmDelete", { name }),
      button: tr("confirm.deleteButton"),
      cancelHref: `${base(req)}#rule-${rule.id}`,
    });
    if (!ok) return;
    await mapping.deleteRule(org.id, rule.id);
    await audited(req, "mapping.rule_delete", `${rule.target} ← ${describe(t(req), rule)}`, rule.id);
    res.redirect(303, `${base(req)}?done=deleted`);
  });

  router.post("/mapping/presets/:name", async (req, res) => {
    const org = orgOf(req);
    // An unknown preset name is the service's 404.
    const rules = await mapping.applyPreset(org.id, req.params.name as string);
    await audited(req, "mapping.preset", String(req.params.name), null, `${rules.length} rule(s)`);
    res.redirect(303, `${base(req)}?done=preset`);
  });

  router.post("/mapping/defaults", async (req, res) => {
    const org = orgOf(req);
    const body = bodyOf(req);
    const values = {
      defaultDepartmentId: text(body, "defaultDepartmentId") ?? "",
      defaultJobProfileId: text(body, "defaultJobProfileId") ?? "",
      defaultPermissionTypeId: text(body, "defaultPermissionTypeId") ?? "",
    };
    try {
      await directory.organisations.update(org.id, parseInput(organisationUpdate, values));
      await audit.recordAfter(org.id, {
        actor: actorOf(req),
        action: "organisation.defaults",
        target: { type: "organisation", id: org.id, label: org.name },
      });
      res.redirect(303, `${base(req)}?done=defaults#defaults-title`);
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      await page(req, res, { defaults: { values, problem } });
    }
  });

  router.post("/mapping/dry-run", async (req, res) => {
    const org = orgOf(req);
    const body = bodyOf(req);
    const payload = text(body, "payload") ?? "";
    const groupsText = text(body, "groups") ?? "";
    try {
      const user = parseJson(payload, t(req));
      const groups = lines(body, "groups").map((displayName) => ({ displayName }));
      const input = parseInput(dryRun, { user, groups });
      const mappingInput = scimUserToMappingInput(scimUserOf(input.user), input.groups ?? []);
      const preview = await mapping.preview(org.id, mappingInput);
      await page(req, res, { dryRun: { payload, groups: groupsText, preview } });
    } catch (error) {
      const problem = formProblem(error, t(req));
      if (!problem) throw error;
      // A refusal is itself the answer ("this user would be rejected because…"), on the payload.
      const fields = problem.fields.groups ? problem.fields : { ...problem.fields, payload: problem.message };
      await page(req, res, { dryRun: { payload, groups: groupsText, problem: { ...problem, fields } } });
    }
  });
}

/** The pasted payload; a syntax error is said in the page's language with a line and column. */
function parseJson(payload: string, tr: ReturnType<typeof t>): unknown {
  try {
    return JSON.parse(payload);
  } catch (error) {
    throw invalid("mapping.payload_not_json", jsonProblem(tr, payload, error), "payload");
  }
}

function previewPanel(tr: ReturnType<typeof t>, preview: MappingPreview, rules: StoredRule[]): SafeHtml {
  const positionOf = (id?: string) => rules.find((r) => r.id === id)?.position;
  const names = (list: Array<{ name: string }>) => list.map((e) => e.name).join(", ") || "—";
  return html`<section class="panel preview" aria-labelledby="dry-run-result" id="dry-run-result-panel">
    <h2 id="dry-run-result">${tr("map.result")}</h2>
    <dl class="facts">
      <dt>${tr("map.target.department")}</dt>
      <dd data-target="department">${names(preview.departments)}</dd>
      <dt>${tr("map.target.jobProfile")}</dt>
      <dd data-target="jobProfile">${preview.jobProfile.name}</dd>
      <dt>${tr("map.target.permissionType")}</dt>
      <dd data-target="permissionType">${names(preview.permissionTypes)}</dd>
      <dt>${tr("map.target.language")}</dt>
      <dd data-target="language">${preview.language}</dd>
    </dl>
    ${table({
      caption: tr("map.trace"),
      showCaption: true,
      head: [
        tr("map.target"),
        tr("map.rule"),
        tr("map.source"),
        tr("map.value"),
        tr("map.outcome"),
        tr("map.why"),
      ],
      empty: tr("common.empty"),
      rows: preview.trace.map(
        (entry) =>
          html`<tr>
            <td>${tr(`map.target.${entry.target}`)}</td>
            <td>${entry.ruleId ? `#${positionOf(entry.ruleId) ?? "?"}` : tr("map.noRule")}</td>
            <td><code>${entry.source}</code></td>
            <td>${entry.value ?? "—"}</td>
            <td>
              ${badge(tr(`map.outcome.${entry.outcome}`), entry.outcome === "default" ? "muted" : "info")}
            </td>
            <td>${entry.detail}</td>
          </tr>`,
      ),
    })}
    <p class="hint">${tr("map.nothingWritten")}</p>
  </section>`;
}
