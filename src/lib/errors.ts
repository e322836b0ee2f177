/**
 * The one error type domain code throws. `code` is stable and dot-namespaced
 * (e.g. `directory.email_taken`); each wire format (problem+json, SCIM, pages)
 * serializes it its own way. `expose` says whether `detail` may reach the client.
 */
export interface AppErrorOptions {
  status?: number;
  detail?: string;
  field?: string;
  expose?: boolean;
  cause?: unknown;
  /** Extra, safe, machine-readable facts (e.g. every invalid field of a request). */
  extra?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;
  readonly expose: boolean;
  readonly detail: string;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: string, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.status = options.status ?? 400;
    this.field = options.field;
    this.expose = options.expose ?? this.status < 500;
    this.extra = options.extra;
  }
}

export const notFound = (what: string, code = "common.not_found"): AppError =>
  new AppError(code, `${what} was not found`, { status: 404 });

export const conflict = (code: string, detail: string, field?: string): AppError =>
  new AppError(code, detail, { status: 409, field });

export const invalid = (code: string, detail: string, field?: string): AppError =>
  new AppError(code, detail, { status: 422, field });

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
