import { AppError } from "../lib";

/**
 * The short codes a person sees on the SSO error page (with the request id). Each names a class of
 * failure, never the detail: the validator's message goes to the log only (ARCHITECTURE.md
 * "Errors": a redirect to a friendly page for browser SSO endpoints).
 */
export const SSO_FAILURES = {
  "sso.unknown_connection": 404,
  "sso.disabled": 403,
  "sso.state": 400,
  "sso.saml_response": 401,
  "sso.replay": 401,
  "sso.idp_initiated": 401,
  "sso.oidc_response": 401,
  "sso.idp_error": 401,
  "sso.idp_unreachable": 502,
  "sso.missing_claims": 422,
  "sso.mapping": 422,
  "sso.deactivated": 403,
  "sso.not_provisioned": 403,
  "sso.conflict": 409,
} as const;

export type SsoFailure = keyof typeof SSO_FAILURES;

export class SsoError extends AppError {
  constructor(
    readonly failure: SsoFailure,
    detail: string,
    cause?: unknown,
  ) {
    // Never exposed as such: the page shows a translated message, the code and the request id.
    super(failure, detail, { status: SSO_FAILURES[failure], expose: false, cause });
  }
}

export const ssoFail = (failure: SsoFailure, detail: string, cause?: unknown): SsoError =>
  new SsoError(failure, detail, cause);

export function isSsoError(error: unknown): error is SsoError {
  return error instanceof SsoError;
}
