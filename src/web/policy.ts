import { AppError } from "../lib";
import type { MessageKey, Translate } from "./i18n";

const POLICY: Record<string, MessageKey> = {
  "auth.password_too_short": "policy.tooShort",
  "auth.password_too_long": "policy.tooLong",
  "auth.password_is_identifier": "policy.isIdentifier",
  "auth.password_too_common": "policy.tooCommon",
};

/** A password-policy refusal in the page's language; anything else is rethrown. */
export function policyMessage(t: Translate, error: unknown): string {
  if (!(error instanceof AppError)) throw error;
  const key = POLICY[error.code];
  return key ? t(key) : error.detail;
}
