import type { Request } from "express";
import { invalid } from "../../../lib";
import {
  GROUP_MATCHES,
  KNOWN_ATTRIBUTES,
  MAPPING_TARGETS,
  UNKNOWN_POLICIES,
  type StoredRule,
} from "../../../mapping";
import { html, type SafeHtml } from "../../../web";
import type { ConsoleTranslate } from "../../i18n";
import { csrfField } from "../../shell";
import { bodyOf, input, integer, select, text, textarea, type FieldErrors } from "../settings/forms";

/** What the rule form shows (stored, or typed after a refusal). */
export interface RuleFormValues {
  target: string;
  sourceKind: string;
  path: string;
  match: string;
  valueMap: string;
  unknownPolicy: string;
  position: string;
}

export const blankRule: RuleFormValues = {
  target: "department",
  sourceKind: "attribute",
  path: "",
  match: "displayName",
  valueMap: "",
  unknownPolicy: "default",
  position: "",
};

export function ruleValues(rule: StoredRule): RuleFormValues {
  return {
    target: rule.target,
    sourceKind: rule.source.kind,
    path: rule.source.kind === "attribute" ? rule.source.path : "",
    match: rule.source.kind === "group" ? rule.source.match : "displayName",
    valueMap: Object.entries(rule.valueMap)
      .map(([from, to]) => `${from} = ${to}`)
      .join("\n"),
    unknownPolicy: rule.unknownPolicy,
    position: String(rule.position),
  };
}

export function typedRule(req: Request): RuleFormValues {
  const body = bodyOf(req);
  const get = (name: string) => text(body, name) ?? "";
  return {
    target: get("target"),
    sourceKind: get("sourceKind"),
    path: get("source.path"),
    match: get("source.match"),
    valueMap: get("valueMap"),
    unknownPolicy: get("unknownPolicy"),
    position: get("position"),
  };
}

/** "Sales EMEA = Sales" per line → { "Sales EMEA": "Sales" }; a line without "=" is refused. */
export function parseValueMap(value: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [index, line] of value.split(/\r?\n/).entries()) {
    if (line.trim() === "") continue;
    const at = line.indexOf("=");
    if (at < 0)
      throw invalid(
        "mapping.value_map_line",
        `Line ${index + 1} of the value map has no "=" (write: source value = name)`,
        "valueMap",
      );
    map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return map;
}

/** The posted form as the JSON API's rule input (`ruleCreate`). */
export function ruleInput(req: Request): Record<string, unknown> {
  const body = bodyOf(req);
  const kind = text(body, "sourceKind");
  return {
    target: text(body, "target"),
    source:
      kind === "group"
        ? { kind: "group", match: text(body, "source.match") }
        : { kind: "attribute", path: text(body, "source.path") ?? "" },
    valueMap: parseValueMap(text(body, "valueMap") ?? ""),
    unknownPolicy: text(body, "unknownPolicy"),
    ...(integer(body, "position") !== undefined ? { position: integer(body, "position") } : {}),
  };
}

export function ruleForm(
  req: Request,
  tr: ConsoleTranslate,
  o: { action: string; values: RuleFormValues; errors: FieldErrors; submit: string },
): SafeHtml {
  const v = o.values;
  const e = o.errors;
  return html`<form method="post" action="${o.action}" class="panel" novalidate>
    ${csrfField(req)}
    <div class="row">
      ${select({
        name: "target",
        label: tr("map.target"),
        value: v.target,
        error: e.target,
        options: MAPPING_TARGETS.map((target) => ({ value: target, label: tr(`map.target.${target}`) })),
      })}
      ${select({
        name: "sourceKind",
        label: tr("map.sourceKind"),
        value: v.sourceKind,
        error: e.source ?? e["source.kind"],
        options: [
          { value: "attribute", label: tr("map.fromAttribute") },
          { value: "group", label: tr("map.fromGroup") },
        ],
      })}
    </div>
    <div class="row">
      ${input({
        name: "source.path",
        label: tr("map.path"),
        value: v.path,
        error: e["source.path"],
        hint: tr("map.pathHint"),
        list: "known-attributes",
      })}
      ${select({
        name: "source.match",
        label: tr("map.match"),
        value: v.match,
        error: e["source.match"],
        hint: tr("map.matchHint"),
        options: GROUP_MATCHES.map((m) => ({ value: m, label: m })),
      })}
    </div>
    <datalist id="known-attributes">
      ${KNOWN_ATTRIBUTES.map((path) => html`<option value="${path}"></option>`)}
    </datalist>
    ${textarea({
      name: "valueMap",
      label: tr("map.valueMap"),
      value: v.valueMap,
      error: e.valueMap,
      hint: tr("map.valueMapHint"),
      rows: 4,
    })}
    <div class="row">
      ${select({
        name: "unknownPolicy",
        label: tr("map.unknownPolicy"),
        value: v.unknownPolicy,
        error: e.unknownPolicy,
        options: UNKNOWN_POLICIES.map((p) => ({ value: p, label: tr(`map.policy.${p}`) })),
      })}
      ${input({
        name: "position",
        label: tr("map.position"),
        type: "number",
        value: v.position,
        error: e.position,
        hint: tr("map.positionHint"),
      })}
    </div>
    <div class="form-actions"><button type="submit">${o.submit}</button></div>
  </form>`;
}
