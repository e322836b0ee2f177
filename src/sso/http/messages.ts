import type { SsoFailure } from "../errors";

/** The SSO pages' text. English is complete; Danish falls back to English key by key. */
const en = {
  title: "Sign-in did not work",
  back: "Back to sign in",
  code: "Code",
  reference: "Reference",
  notProvisionedTitle: "Your account is not set up here yet",
  notProvisionedBody:
    "You signed in with your company account, but there is no user for you in this organisation, and accounts are not created automatically.",
  contactUs: "Ask your administrator to create your account:",
  contactAdmin: "Ask your organisation's administrator to create your account.",
  "sso.unknown_connection": "This sign-in option does not exist.",
  "sso.disabled": "This sign-in option is switched off.",
  "sso.state": "This sign-in took too long or was already used. Start again from the sign-in page.",
  "sso.saml_response": "The answer from your company's sign-in service could not be trusted.",
  "sso.replay": "This sign-in answer was already used. Start again from the sign-in page.",
  "sso.idp_initiated": "Start from this organisation's sign-in page.",
  "sso.oidc_response": "The answer from your company's sign-in service could not be trusted.",
  "sso.idp_error": "Your company's sign-in service did not sign you in.",
  "sso.idp_unreachable": "Your company's sign-in service cannot be reached right now. Try again in a moment.",
  "sso.missing_claims":
    "Your company's sign-in service did not send everything needed to set up your account.",
  "sso.mapping": "Your account could not be set up from what your company's sign-in service sent.",
  "sso.deactivated": "Your account is deactivated. Contact your administrator.",
  "sso.not_provisioned": "Your account is not set up here yet.",
  "sso.conflict": "An account with your email already exists and is not connected to this sign-in service.",
} satisfies Record<SsoFailure, string> & Record<string, string>;

type Key = keyof typeof en;

const da: Partial<Record<Key, string>> = {
  title: "Log ind mislykkedes",
  back: "Tilbage til log ind",
  code: "Kode",
  reference: "Reference",
  notProvisionedTitle: "Din konto er ikke oprettet her endnu",
  notProvisionedBody:
    "Du loggede ind med din firmakonto, men der findes ingen bruger til dig i denne organisation, og konti oprettes ikke automatisk.",
  contactUs: "Bed din administrator om at oprette din konto:",
  contactAdmin: "Bed din organisations administrator om at oprette din konto.",
  "sso.state": "Log ind tog for lang tid eller er allerede brugt. Start forfra fra log ind-siden.",
  "sso.deactivated": "Din konto er deaktiveret. Kontakt din administrator.",
  "sso.idp_unreachable": "Din virksomheds log ind-tjeneste kan ikke nås lige nu. Prøv igen om lidt.",
};

export type SsoText = (key: Key) => string;

export function ssoText(language: string): SsoText {
  const catalog = language.split("-")[0] === "da" ? da : {};
  return (key) => catalog[key] ?? en[key];
}
