import type { NextFunction, Request, Response } from "express";
import { AppError } from "../lib";

/** RFC 9457 problem details, the error format of the admin JSON API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

/** Turns anything thrown into an AppError: body-parser and framework errors get stable codes too. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as {
    type?: string;
    status?: number;
    statusCode?: number;
    expose?: boolean;
    message?: string;
  };
  const status = e.status ?? e.statusCode;
  if (e.type === "entity.parse.failed") {
    return new AppError("request.malformed_json", "The request body is not valid JSON", { status: 400 });
  }
  if (e.type === "entity.too.large") {
    return new AppError("request.too_large", "The request body is too large", { status: 413 });
  }
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
    return new AppError("request.unsupported_encoding", "Unsupported request encoding", { status: 415 });
  }
  if (status && status >= 400 && status < 500 && e.expose) {
    return new AppError("request.invalid", e.message ?? "Bad request", { status });
  }
  return new AppError("internal", "Something went wrong on our side", {
    status: 500,
    expose: false,
    cause: error,
  });
}

export function problemOf(error: AppError, req: Request): Problem {
  return {
    type: `https://admit.dev/problems/${error.code}`,
    title: error.expose ? error.code : "internal",
    status: error.status,
    detail: error.expose ? error.detail : "Something went wrong on our side",
    code: error.expose ? error.code : "internal",
    ...(error.field && error.expose ? { field: error.field } : {}),
    ...(error.expose && error.extra ? error.extra : {}),
    instance: req.originalUrl.split("?")[0],
    requestId: req.id,
  };
}

export function logIfServerError(error: AppError, req: Request): void {
  if (error.status >= 500) req.log.error({ err: error.cause ?? error, code: error.code }, "request failed");
}

/** Error middleware for JSON APIs. */
export function problemHandler() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = toAppError(error);
    logIfServerError(appError, req);
    if (res.headersSent) return;
    res
      .status(appError.status)
      .type("application/problem+json")
      .send(JSON.stringify(problemOf(appError, req)));
  };
}
