import type { Identity } from "../accounts/profile";

const text = (value: unknown): string | undefined =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : undefined;

/**
 * ID token claims and userinfo → one claim set. The ID token's `sub` is the subject; userinfo
 * (where oidc-provider, Okta and Google put email, names, groups) fills what the token lacks.
 */
export function claimsOf(idToken: Record<string, unknown>, userinfo: Record<string, unknown>): Identity {
  const merged = { ...userinfo, ...idToken };
  const claims: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(merged)) {
    const list = (Array.isArray(value) ? value : [value])
      .map(text)
      .filter((v): v is string => v !== undefined);
    if (list.length) claims[name] = list;
  }
  const verified = merged.email_verified;
  return {
    subject: String(idToken.sub),
    claims,
    emailVerified: verified === undefined ? undefined : verified === true || verified === "true",
  };
}
