import { Router } from "express";
import { z } from "zod";
import { parseInput } from "../http";
import {
  GROUP_MATCHES,
  MAPPING_TARGETS,
  MAX_RULES,
  PRESETS,
  scimUserToMappingInput,
  UNKNOWN_POLICIES,
  type MappingPreview,
  type MappingService,
  type StoredRule,
} from "../mapping";
import { normalizeUserInput } from "../scim";
import { orgOf } from "./authorize";

// Shapes only; the mapping service checks meaning (known paths, policies per target, value maps).
const source = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("attribute"), path: z.string().min(1).max(255) }).strict(),
  z.object({ kind: z.literal("group"), match: z.enum(GROUP_MATCHES) }).strict(),
]);
const ruleFields = {
  target: z.enum(MAPPING_TARGETS),
  source,
  valueMap: z.record(z.string().max(255), z.string().max(200)).optional(),
  unknownPolicy: z.enum(UNKNOWN_POLICIES).optional(),
};
const position = z.number().int().min(0).max(1_000_000);
export const ruleCreate = z.object({ ...ruleFields, position: position.optional() }).strict();
export const ruleUpdate = ruleCreate.partial().strict();
export const rulesReplace = z
  .object({ rules: z.array(z.object(ruleFields).strict()).max(MAX_RULES) })
  .strict();
export const dryRun = z
  .object({
    user: z.record(z.string(), z.unknown()),
    groups: z
      .array(
        z
          .object({
            id: z.string().max(255).optional(),
            displayName: z.string().min(1).max(256),
            externalId: z.string().max(255).nullable().optional(),
          })
          .strict(),
      )
      .max(1000)
      .optional(),
  })
  .strict();

export function ruleJson(rule: StoredRule) {
  return {
    id: rule.id,
    target: rule.target,
    source: rule.source,
    valueMap: rule.valueMap,
    unknownPolicy: rule.unknownPolicy,
    position: rule.position,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

function previewJson(preview: MappingPreview) {
  return {
    departments: preview.departments,
    jobProfile: preview.jobProfile,
    permissionTypes: preview.permissionTypes,
    language: preview.language,
    trace: preview.trace,
  };
}

/**
 * The sample goes through the same normalization as a real SCIM request, so the preview sees
 * exactly what provisioning would (key case, URN keys, Entra's top-level enterprise attributes).
 * userName is irrelevant to mapping; a placeholder spares the admin from inventing one.
 */
export function scimUserOf(user: Record<string, unknown>) {
  const hasUserName = Object.keys(user).some((key) => key.toLowerCase() === "username");
  return normalizeUserInput(hasUserName ? user : { ...user, userName: "dry-run" }).resource;
}

const list = (rules: StoredRule[]) => ({ items: rules.map(ruleJson) });

/** `/orgs/:org/mapping`: the organisation's mapping rules, presets and a dry run. */
export function mappingRoutes(deps: { mapping: MappingService }): Router {
  const router = Router({ mergeParams: true });
  const service = deps.mapping;

  router.get("/rules", async (req, res) => {
    res.json(list(await service.listRules(orgOf(req).id)));
  });
  router.put("/rules", async (req, res) => {
    const { rules } = parseInput(rulesReplace, req.body);
    res.json(list(await service.replaceRules(orgOf(req).id, rules)));
  });
  router.post("/rules", async (req, res) => {
    const rule = await service.createRule(orgOf(req).id, parseInput(ruleCreate, req.body));
    res.status(201).json(ruleJson(rule));
  });
  router.get("/rules/:id", async (req, res) => {
    res.json(ruleJson(await service.getRule(orgOf(req).id, req.params.id as string)));
  });
  router.patch("/rules/:id", async (req, res) => {
    const input = parseInput(ruleUpdate, req.body);
    res.json(ruleJson(await service.updateRule(orgOf(req).id, req.params.id as string, input)));
  });
  router.delete("/rules/:id", async (req, res) => {
    await service.deleteRule(orgOf(req).id, req.params.id as string);
    res.status(204).end();
  });

  router.get("/presets", (_req, res) => {
    res.json({ items: Object.values(PRESETS) });
  });
  router.post("/presets/:name", async (req, res) => {
    res.json(list(await service.applyPreset(orgOf(req).id, req.params.name as string)));
  });

  // What the rules would assign to a sample SCIM user, and why; nothing is written.
  router.post("/dry-run", async (req, res) => {
    const { user, groups = [] } = parseInput(dryRun, req.body);
    const input = scimUserToMappingInput(scimUserOf(user), groups);
    res.json(previewJson(await service.preview(orgOf(req).id, input)));
  });
  return router;
}
