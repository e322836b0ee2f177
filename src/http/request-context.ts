import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../lib";

declare module "express-serve-static-core" {
  interface Request {
    id: string;
    log: Logger;
  }
}

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A path segment this long in the URL-safe alphabet is a bearer secret (an activation or reset
 * link's token: 256 random bits, 43 characters) or a one-off handle; ids (UUIDs, 36) are shorter.
 */
const SECRET_SEGMENT = /(?<=\/)[A-Za-z0-9_-]{40,}(?=\/|$)/g;

/**
 * The whole path (req.path inside a router is relative to its mount point, which leaves
 * `/login` or `/{id}` without saying of what), without the query and without secrets.
 */
function logPath(req: Request): string {
  const path = (req.originalUrl || req.url).split("?")[0] ?? "";
  return path.replace(SECRET_SEGMENT, "[redacted]");
}

/** A request id (reused from a trusted proxy's X-Request-Id when well-formed) and a child logger. */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get("x-request-id");
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.setHeader("X-Request-Id", req.id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: query strings can carry filters with personal data (and OIDC codes).
      req.log.info(
        { method: req.method, path: logPath(req), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        "request",
      );
    });
    next();
  };
}
