import express, { Router } from "express";
import type { Activation } from "../activation";
import type { AuditLog } from "../audit";
import type { Auth } from "../auth";
import type { Directory } from "../directory";
import type { ImportService } from "../import";
import type { MappingService } from "../mapping";
import type { Outbox } from "../notify";
import type { ProvisioningLog } from "../scim";
import type { Signup } from "../signup";
import type { Sso } from "../sso";
import type { Webhooks } from "../webhooks";
import { parseInput, problemHandler } from "../http";
import { AppError } from "../lib";
import { activationUserRoutes, communicationRoutes } from "./activation-routes";
import { auditAdminWrites } from "./audit";
import { authorizeOrgAdmin, orgOf } from "./authorize";
import { catalogRoutes } from "./catalog-routes";
import { importRoutes } from "./import-routes";
import { mappingRoutes } from "./mapping-routes";
import { signupSettingsRoutes } from "./signup-routes";
import { organisationUpdate, provisioningLogQuery, tokenCreate } from "./schemas";
import { ssoConnectionRoutes } from "./sso-routes";
import { userRoutes } from "./user-routes";
import { webhookRoutes } from "./webhook-routes";
import { organisationJson, tokenJson } from "./views";

export type { Actor } from "./authorize";
// The request shapes, shared with the console's forms (src/console): one validation path.
export { communicationUpdate, templatePut } from "./activation-schemas";
export { signupUpdate } from "./signup-routes";
export { ssoConnectionCreate, ssoConnectionUpdate } from "./sso-schemas";
export { dryRun, ruleCreate, ruleUpdate, scimUserOf } from "./mapping-routes";
export { organisationUpdate, provisioningLogQuery, tokenCreate } from "./schemas";
// The console's user forms and import upload (src/console): the same schemas and upload handling.
export { userCreate, userList, userUpdate } from "./schemas";
export { receiveUpload, XLSX_TYPE, type Upload } from "./import-upload";

/** `/api/v1`: the admin JSON API. Every route below `/orgs/:org` is scoped to that organisation. */
export interface AdminApiDeps {
  auth: Auth;
  directory: Directory;
  mapping: MappingService;
  provisioningLog: ProvisioningLog;
  outbox: Outbox;
  activation: Activation;
  /** SSO connections (src/sso), when wired. */
  sso?: Sso;
  /** Excel template and import (src/import), when wired. */
  imports?: ImportService;
  /** Self sign-up settings (src/signup), when wired. */
  signup?: Signup;
  /** Directory-change webhooks (src/webhooks), when wired. */
  webhooks?: Webhooks;
  jsonBodyLimit: string;
  /** The audit log: every successful write is recorded (src/admin/audit.ts), when wired. */
  audit?: AuditLog;
}

export function adminApi(deps: AdminApiDeps): Router {
  const { auth, directory } = deps;
  const api = Router();
  api.use(express.json({ limit: deps.jsonBodyLimit, type: ["application/json", "application/*+json"] }));
  const org = Router({ mergeParams: true });
  api.use(
    "/orgs/:org",
    authorizeOrgAdmin(auth, directory),
    ...(deps.audit ? [auditAdminWrites(deps.audit, directory)] : []),
    org,
  );

  org.get("/", (req, res) => {
    res.json(organisationJson(orgOf(req)));
  });
  org.patch("/", async (req, res) => {
    const updated = await directory.organisations.update(
      orgOf(req).id,
      parseInput(organisationUpdate, req.body),
    );
    res.json(organisationJson(updated));
  });
  org.use("/departments", catalogRoutes(directory.departments));
  org.use("/job-profiles", catalogRoutes(directory.jobProfiles));
  org.use("/permission-types", catalogRoutes(directory.permissionTypes));
  // Before the user routes: "/users/import-template" must not be taken for a user id.
  if (deps.imports) org.use("/users", importRoutes(deps.imports));
  org.use("/users", userRoutes(directory, deps.outbox));
  org.use("/users", activationUserRoutes(deps.activation));
  org.use("/communication", communicationRoutes(deps.activation));
  if (deps.signup) org.use("/signup", signupSettingsRoutes(deps.signup));
  org.use("/mapping", mappingRoutes(deps));
  if (deps.sso) org.use("/sso/connections", ssoConnectionRoutes(deps.sso));
  if (deps.webhooks) org.use("/webhooks", webhookRoutes(deps.webhooks));

  org.get("/scim-tokens", async (req, res) => {
    const tokens = await auth.tokens.list(orgOf(req).id, "scim");
    res.json({ items: tokens.map(tokenJson) });
  });
  org.post("/scim-tokens", async (req, res) => {
    const { name } = parseInput(tokenCreate, req.body);
    const issued = await auth.tokens.issue(orgOf(req).id, "scim", name);
    res.status(201).json({ ...tokenJson(issued.token), token: issued.secret });
  });
  org.get("/scim/provisioning-log", async (req, res) => {
    const query = parseInput(provisioningLogQuery, req.query, "query");
    res.json(await deps.provisioningLog.list(orgOf(req).id, query));
  });
  org.delete("/scim-tokens/:id", async (req, res) => {
    await auth.tokens.revoke(orgOf(req).id, "scim", req.params.id as string);
    res.status(204).end();
  });

  api.use((req) => {
    throw new AppError("request.no_route", `No route for ${req.method} ${req.path}`, { status: 404 });
  });
  api.use(problemHandler());
  return api;
}
