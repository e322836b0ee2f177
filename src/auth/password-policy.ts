import { invalid } from "../lib";
import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 12;
export const MIN_ONE_TIME_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;

// Loaded once, at startup: ~10k entries, compared lowercased.
const COMMON = new Set(COMMON_PASSWORDS.split("\n"));

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

function checkLength(password: string, min: number): void {
  const length = [...password].length;
  if (length < min) throw invalid("auth.password_too_short", `Use at least ${min} characters`, "password");
  if (length > MAX_PASSWORD_LENGTH) {
    throw invalid("auth.password_too_long", `Use at most ${MAX_PASSWORD_LENGTH} characters`, "password");
  }
}

function checkNotCommon(password: string): void {
  if (isCommonPassword(password)) {
    throw invalid(
      "auth.password_too_common",
      "This password is one of the most common ones. Choose one that is harder to guess",
      "password",
    );
  }
}

/** The password rules every flow shares (set password, one-time password change, reset). */
export function checkPasswordPolicy(password: string, identifiers: Array<string | null | undefined>): void {
  checkLength(password, MIN_PASSWORD_LENGTH);
  const lowered = password.toLowerCase();
  for (const identifier of identifiers) {
    if (identifier && lowered === identifier.toLowerCase()) {
      throw invalid(
        "auth.password_is_identifier",
        "The password cannot be your email or username",
        "password",
      );
    }
  }
  checkNotCommon(password);
}

/**
 * A one-time password an administrator types: it is used once and replaced at once, so the
 * rule is minimal (8+ characters, not one of the most common passwords).
 */
export function checkOneTimePasswordPolicy(password: string): void {
  checkLength(password, MIN_ONE_TIME_PASSWORD_LENGTH);
  checkNotCommon(password);
}
