import { invalid } from "../lib";

export const MIN_PASSWORD_LENGTH = 12;

/** The password rules every flow shares (set password, one-time password change, reset). */
export function checkPasswordPolicy(password: string, identifiers: Array<string | null | undefined>): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw invalid("auth.password_too_short", `Use at least ${MIN_PASSWORD_LENGTH} characters`, "password");
  }
  if ([...password].length > 256) {
    throw invalid("auth.password_too_long", "Use at most 256 characters", "password");
  }
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
}
