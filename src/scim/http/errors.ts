import type { NextFunction, Request, Response } from "express";
import { logIfServerError, toAppError } from "../../http";
import { AppError } from "../../lib";
import { FilterError, isScimError, type ScimType } from "../protocol";

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_CONTENT_TYPE = "application/scim+json";

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** Domain codes that have a SCIM meaning of their own (RFC 7644 §3.12). */
const BY_CODE: Record<string, { status: number; scimType?: ScimType }> = {
  "directory.email_taken": { status: 409, scimType: "uniqueness" },
  "directory.username_taken": { status: 409, scimType: "uniqueness" },
  "scim.group_name_taken": { status: 409, scimType: "uniqueness" },
  "request.malformed_json": { status: 400, scimType: "invalidSyntax" },
  "request.too_large": { status: 413 },
};

/** Any error → RFC 7644 §3.12 status + scimType + a safe detail. Never leaks internals. */
export function scimErrorOf(error: unknown): {
  status: number;
  scimType?: ScimType;
  detail: string;
  app: AppError;
} {
  if (error instanceof FilterError) {
    const app = new AppError("scim.invalidFilter", error.message, { status: 400 });
    return { status: 400, scimType: "invalidFilter", detail: error.message, app };
  }
  const app = isScimError(error) ? error : toAppError(error);
  if (isScimError(app)) return { status: app.status, scimType: app.scimType, detail: app.detail, app };
  const known = BY_CODE[app.code];
  if (known) return { ...known, detail: app.detail, app };
  if (app.status >= 500)
    return { status: 500, detail: "Internal error; the request id is in the X-Request-Id header", app };
  // Domain validation (422 in the admin API) is a 400 invalidValue to a SCIM client.
  if (app.status === 422 || (app.status === 400 && /^(directory|mapping)\./.test(app.code))) {
    return { status: 400, scimType: "invalidValue", detail: app.detail, app };
  }
  return { status: app.status, detail: app.detail, app };
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType): ScimErrorBody {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/**
 * Writes the response itself rather than through express's `res.send`, which also hashes every
 * body for a weak ETag and checks freshness against it: SCIM's ETag is the resource's version
 * (set by the caller), and that hashing was a tenth of a GET's CPU (bench/scim).
 */
export function sendScim(res: Response, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  // A conditional GET naming the current version (If-None-Match): 304, as express's `send` did.
  // `fresh` compares request and response headers only (the ETag is set before this).
  if (status === 200 && res.req.fresh) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.setHeader("Content-Type", `${SCIM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader("Content-Length", Buffer.byteLength(payload));
  res.end(payload);
}

/** The SCIM router's error middleware: always a SCIM error body, never an HTML or problem page. */
export function scimErrorHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, scimType, detail, app } = scimErrorOf(error);
    logIfServerError(app, req);
    res.locals.scimType = scimType;
    res.locals.scimDetail = detail;
    if (res.headersSent) return;
    if (status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="scim"');
    sendScim(res, status, scimErrorBody(status, detail, scimType));
  };
}
