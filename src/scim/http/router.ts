import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { Auth } from "../../auth";
import type { ScimApi, ScimResult } from "../api";
import { runBulk } from "../bulk";
import { BULK_MAX_PAYLOAD, resourceTypes, serviceProviderConfig } from "../discovery";
import { schemaDocument, schemaDocuments, ScimError } from "../protocol";
import type { ProvisioningLog } from "../provisioning-log";
import { scimErrorHandler, sendScim } from "./errors";
import { listResponse } from "./list-params";

interface ScimCaller {
  organisationId: string;
  tokenId: string;
  tokenName: string;
}

declare module "express-serve-static-core" {
  interface Request {
    scimCaller?: ScimCaller;
  }
}

const unauthorized = () => new ScimError(401, "A valid SCIM bearer token is required");

/** `/scim/v2`: transport quirks of real clients (INTEROP.md "Transport") are handled here. */
export function scimRouter(deps: {
  auth: Auth;
  api: ScimApi;
  log: ProvisioningLog;
  jsonLimit?: number;
}): Router {
  const { auth, api, log } = deps;
  const router = Router({ caseSensitive: false, strict: false });

  // Discovery needs no token (RFC 7644 §4): clients read it before they have one configured.
  router.get("/ServiceProviderConfig", (_req, res) => sendScim(res, 200, serviceProviderConfig(api.baseUrl)));
  router.get("/ResourceTypes", (_req, res) => {
    const types = resourceTypes(api.baseUrl);
    sendScim(res, 200, listResponse(types, types.length, 1));
  });
  router.get("/ResourceTypes/:id", (req, res) => {
    const type = resourceTypes(api.baseUrl).find(
      (t) => t.id.toLowerCase() === String(req.params.id).toLowerCase(),
    );
    if (!type) throw new ScimError(404, "No such resource type");
    sendScim(res, 200, type);
  });
  router.get("/Schemas", (_req, res) => {
    const schemas = schemaDocuments(api.baseUrl);
    sendScim(res, 200, listResponse(schemas, schemas.length, 1));
  });
  router.get("/Schemas/:id", (req, res) => {
    const schema = schemaDocument(api.baseUrl, String(req.params.id));
    if (!schema) throw new ScimError(404, "No such schema");
    sendScim(res, 200, schema);
  });

  router.use(authenticate(auth));
  router.use(recordToLog(log));
  // Bodies as application/json or application/scim+json, with or without a charset. Parsed after
  // authentication: a stranger gets 401, not a parse error, and a malformed body is logged.
  router.use(
    express.json({
      limit: deps.jsonLimit ?? BULK_MAX_PAYLOAD,
      type: ["application/json", "application/*+json"],
    }),
  );

  const send = (res: Response, result: ScimResult) => {
    res.locals.scimResult = result;
    if (result.location && result.status === 201) res.setHeader("Location", result.location);
    if (result.etag) res.setHeader("ETag", result.etag);
    sendScim(res, result.status, result.body);
  };
  const caller = (req: Request) => req.scimCaller as ScimCaller;

  router.post("/Bulk", async (req, res) => {
    send(res, {
      status: 200,
      body: await runBulk(api, caller(req).organisationId, req.body),
      summary: "bulk",
    });
  });
  router.post("/:resource/.search", async (req, res) => {
    const query = api.searchQuery(req.body);
    send(
      res,
      await api.dispatch(
        caller(req).organisationId,
        "GET",
        `/${String(req.params.resource)}`,
        undefined,
        query,
      ),
    );
  });
  router.all(["/:resource", "/:resource/:id"], async (req, res) => {
    const path = req.params.id
      ? `/${String(req.params.resource)}/${String(req.params.id)}`
      : `/${String(req.params.resource)}`;
    const body = req.method === "GET" || req.method === "DELETE" ? undefined : req.body;
    send(
      res,
      await api.dispatch(
        caller(req).organisationId,
        req.method,
        path,
        body,
        req.query as Record<string, unknown>,
        req.get("if-match"),
      ),
    );
  });
  router.use(() => {
    throw new ScimError(404, "No such SCIM endpoint");
  });
  router.use(scimErrorHandler());
  return router;
}

function authenticate(auth: Auth) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized();
    const token = await auth.tokens.authenticate("scim", match[1] as string);
    if (!token) throw unauthorized();
    req.scimCaller = { organisationId: token.organisationId, tokenId: token.id, tokenName: token.name };
    next();
  };
}

/** Every authenticated SCIM request becomes one provisioning-log row, whatever its outcome. */
function recordToLog(log: ProvisioningLog) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const caller = req.scimCaller;
      if (!caller) return;
      const result = res.locals.scimResult as ScimResult | undefined;
      log
        .record({
          organisationId: caller.organisationId,
          tokenId: caller.tokenId,
          tokenName: caller.tokenName,
          method: req.method,
          path: req.originalUrl.split("?")[0] ?? req.path,
          status: res.statusCode,
          scimType: (res.locals.scimType as string | undefined) ?? null,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
          resourceId: result?.resourceId ?? null,
          summary: result?.summary ?? (res.locals.scimDetail as string | undefined) ?? null,
        })
        .catch((error: unknown) => req.log.error({ err: error }, "provisioning log write failed"));
    });
    next();
  };
}
