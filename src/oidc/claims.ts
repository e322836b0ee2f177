import type { Organisation, UserView } from "../directory";

/**
 * Which claims each scope releases (OIDC Core §5.4 for the standard ones). `lms` is Admit's own
 * scope: the organisation and the directory assignments the learning platform authorises with.
 */
export const SCOPE_CLAIMS = {
  openid: ["sub"],
  profile: ["name", "given_name", "family_name", "locale"],
  email: ["email", "email_verified"],
  lms: ["org", "org_slug", "departments", "job_profile", "permission_types"],
} as const;

export const SCOPES = [
  "openid",
  "offline_access",
  ...Object.keys(SCOPE_CLAIMS).filter((s) => s !== "openid"),
];

/**
 * A user's claims. `sub` is the user id (stable for the life of the account; the email can change).
 * Departments, job profile and permission types carry ids (stable) and names (for display).
 * `email_verified` means the address is the one the organisation or the user has confirmed: an
 * active user either activated through it or was provisioned by the organisation's directory.
 */
export function userClaims(user: UserView, organisation: Organisation): Record<string, unknown> {
  return {
    sub: user.id,
    name: `${user.firstName} ${user.lastName}`.trim(),
    given_name: user.firstName,
    family_name: user.lastName,
    locale: user.language,
    ...(user.email ? { email: user.email, email_verified: user.status === "active" } : {}),
    org: organisation.id,
    org_slug: organisation.slug,
    departments: user.departments.map(({ id, name }) => ({ id, name })),
    job_profile: { id: user.jobProfile.id, name: user.jobProfile.name },
    permission_types: user.permissionTypes.map(({ id, name }) => ({ id, name })),
  };
}
