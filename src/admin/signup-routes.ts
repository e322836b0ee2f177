import { Router } from "express";
import { z } from "zod";
import { parseInput } from "../http";
import type { Signup, SignupSettings } from "../signup";
import type { Organisation } from "../directory";
import { orgOf } from "./authorize";

const id = z.string().min(1).max(36);

/** `PUT /signup`: partial, fields left out keep their value. Null defaults: the organisation's. */
export const signupUpdate = z
  .object({
    enabled: z.boolean().optional(),
    userSelectsDepartment: z.boolean().optional(),
    selectableDepartmentIds: z.array(id).max(1000).optional(),
    allowedEmailDomains: z.array(z.string().max(253)).max(100).optional(),
    defaultDepartmentId: id.nullable().optional(),
    defaultJobProfileId: id.nullable().optional(),
    defaultPermissionTypeId: id.nullable().optional(),
  })
  .strict();

const signupJson = (signup: Signup, org: Organisation, settings: SignupSettings) => ({
  ...settings,
  /** What a new account actually gets when the form does not decide (after the fallbacks). */
  effectiveDefaults: signup.settings.defaults(org, settings),
});

/** `/orgs/:org/signup`: self sign-up settings (PRODUCT.md §4). */
export function signupSettingsRoutes(signup: Signup): Router {
  const router = Router({ mergeParams: true });
  router.get("/", async (req, res) => {
    const org = orgOf(req);
    res.json(signupJson(signup, org, await signup.settings.get(org.id)));
  });
  router.put("/", async (req, res) => {
    const org = orgOf(req);
    const input = parseInput(signupUpdate, req.body);
    res.json(signupJson(signup, org, await signup.settings.update(org.id, input)));
  });
  return router;
}
