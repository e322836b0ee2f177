/**
 * Message catalogs for the pages. English is complete; every other catalog may be partial and
 * falls back to English key by key.
 */
import { SIGNUP_DA, SIGNUP_EN } from "./i18n-signup";

const en = {
  "login.title": "Sign in",
  "login.identifier": "Email or username",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.failed": "The email/username or password is not right.",
  "login.throttled": "Too many failed attempts. Wait a few minutes and try again.",
  "account.title": "Your account",
  "account.name": "Name",
  "account.email": "Email",
  "account.username": "Username",
  "account.phone": "Phone",
  "account.language": "Language",
  "account.departments": "Departments",
  "account.jobProfile": "Job profile",
  "account.permissionTypes": "Permission types",
  "account.console": "Open the administration console",
  "account.logout": "Sign out",
  "logout.title": "Sign out?",
  "logout.intro":
    "Do you want to sign out of your account here too? Then the next time you open an application, you sign in again.",
  "logout.yes": "Yes, sign me out",
  "logout.no": "No, stay signed in",
  "logout.doneTitle": "You are signed out",
  "logout.done": "You have been signed out. You can close this window.",
  "password.title": "Choose a new password",
  "password.intro": "You signed in with a one-time password. Choose your own password to continue.",
  "password.new": "New password",
  "password.confirm": "Repeat the new password",
  "password.submit": "Save password",
  "password.mismatch": "The two passwords are not the same.",
  "password.reused": "Choose a password of your own, not the one-time password you were given.",
  "password.hint": "At least 12 characters.",
  "error.title": "Something went wrong",
  "error.notFound": "This page does not exist.",
  "error.csrf": "This form expired. Go back, reload the page and try again.",
  "error.generic": "Something went wrong on our side. Try again in a moment.",
  "error.reference": "Reference",
  "common.skip": "Skip to content",
  "common.required": "required",
  "login.forgot": "Forgot your password?",
  "login.ssoWith": "Sign in with",
  "login.ssoEmail": "Work email",
  "login.ssoContinue": "Continue with single sign-on",
  "login.ssoOr": "Or sign in with your email or username and password:",
  "activate.title": "Activate your account",
  "activate.intro": "Choose a password to activate your account.",
  "activate.signInAs": "You will sign in as",
  "activate.submit": "Activate my account",
  "reset.title": "Choose a new password",
  "reset.intro": "Choose a new password for your account. You will be signed in right after.",
  "reset.submit": "Save password",
  "link.invalidTitle": "This link can't be used",
  "link.invalidBody":
    "It may have expired, been used already, or been replaced by a newer one. Enter your email or username and we will send you a new link.",
  "link.identifier": "Email or username",
  "link.send": "Send me a new link",
  "link.sentTitle": "Check your messages",
  "link.sentBody":
    "If an account matches what you entered, we have sent a link to its email address or phone. It can take a few minutes to arrive.",
  "link.throttled": "Too many attempts. Wait a few minutes and try again.",
  "link.backToLogin": "Back to sign in",
  "forgot.title": "Forgot your password?",
  "forgot.intro": "Enter your email or username and we will send you a link to choose a new password.",
  "forgot.submit": "Send me a link",
  "policy.tooShort": "Use at least 12 characters",
  "policy.tooLong": "Use at most 256 characters",
  "policy.isIdentifier": "The password cannot be your email or username",
  "policy.tooCommon": "This password is one of the most common ones. Choose one that is harder to guess",
  ...SIGNUP_EN,
};

export type MessageKey = keyof typeof en;
type Catalog = Partial<Record<MessageKey, string>>;

const da: Catalog = {
  "login.title": "Log ind",
  "login.identifier": "E-mail eller brugernavn",
  "login.password": "Adgangskode",
  "login.submit": "Log ind",
  "login.failed": "E-mail/brugernavn eller adgangskode er forkert.",
  "login.throttled": "For mange mislykkede forsøg. Vent et par minutter, og prøv igen.",
  "account.title": "Din konto",
  "account.name": "Navn",
  "account.email": "E-mail",
  "account.username": "Brugernavn",
  "account.phone": "Telefon",
  "account.language": "Sprog",
  "account.departments": "Afdelinger",
  "account.jobProfile": "Jobprofil",
  "account.permissionTypes": "Rettighedstyper",
  "account.console": "Åbn administrationskonsollen",
  "account.logout": "Log ud",
  "logout.title": "Log ud?",
  "logout.intro":
    "Vil du også logge ud af din konto her? Så logger du ind igen, næste gang du åbner en applikation.",
  "logout.yes": "Ja, log mig ud",
  "logout.no": "Nej, forbliv logget ind",
  "logout.doneTitle": "Du er logget ud",
  "logout.done": "Du er blevet logget ud. Du kan lukke vinduet.",
  "password.title": "Vælg en ny adgangskode",
  "password.intro": "Du loggede ind med en engangsadgangskode. Vælg din egen adgangskode for at fortsætte.",
  "password.new": "Ny adgangskode",
  "password.confirm": "Gentag den nye adgangskode",
  "password.submit": "Gem adgangskode",
  "password.mismatch": "De to adgangskoder er ikke ens.",
  "password.reused": "Vælg din egen adgangskode, ikke den engangsadgangskode, du fik.",
  "password.hint": "Mindst 12 tegn.",
  "error.title": "Noget gik galt",
  "error.notFound": "Siden findes ikke.",
  "error.csrf": "Formularen er udløbet. Gå tilbage, genindlæs siden og prøv igen.",
  "error.generic": "Noget gik galt hos os. Prøv igen om lidt.",
  "error.reference": "Reference",
  "common.skip": "Gå til indhold",
  "common.required": "påkrævet",
  "login.forgot": "Glemt din adgangskode?",
  "login.ssoWith": "Log ind med",
  "login.ssoEmail": "Arbejdsmail",
  "login.ssoContinue": "Fortsæt med single sign-on",
  "login.ssoOr": "Eller log ind med din e-mail eller dit brugernavn og adgangskode:",
  "activate.title": "Aktivér din konto",
  "activate.intro": "Vælg en adgangskode for at aktivere din konto.",
  "activate.signInAs": "Du logger ind som",
  "activate.submit": "Aktivér min konto",
  "reset.title": "Vælg en ny adgangskode",
  "reset.intro": "Vælg en ny adgangskode til din konto. Du bliver logget ind bagefter.",
  "reset.submit": "Gem adgangskode",
  "link.invalidTitle": "Linket kan ikke bruges",
  "link.invalidBody":
    "Det kan være udløbet, allerede brugt eller erstattet af et nyere link. Skriv din e-mail eller dit brugernavn, så sender vi dig et nyt link.",
  "link.identifier": "E-mail eller brugernavn",
  "link.send": "Send mig et nyt link",
  "link.sentTitle": "Tjek dine beskeder",
  "link.sentBody":
    "Hvis en konto passer med det, du skrev, har vi sendt et link til dens e-mailadresse eller telefon. Det kan tage et par minutter, før det kommer frem.",
  "link.throttled": "For mange forsøg. Vent et par minutter, og prøv igen.",
  "link.backToLogin": "Tilbage til log ind",
  "forgot.title": "Glemt din adgangskode?",
  "forgot.intro":
    "Skriv din e-mail eller dit brugernavn, så sender vi dig et link, hvor du kan vælge en ny adgangskode.",
  "forgot.submit": "Send mig et link",
  "policy.tooShort": "Brug mindst 12 tegn",
  "policy.tooLong": "Brug højst 256 tegn",
  "policy.isIdentifier": "Adgangskoden må ikke være din e-mail eller dit brugernavn",
  "policy.tooCommon": "Denne adgangskode er en af de mest almindelige. Vælg en, der er sværere at gætte",
  ...SIGNUP_DA,
};

const CATALOGS: Record<string, Catalog> = { en, da };

export const PAGE_LANGUAGES = Object.keys(CATALOGS);

export type Translate = (key: MessageKey) => string;

export function translator(language: string): Translate {
  const base = language.split("-")[0] ?? "en";
  const catalog = CATALOGS[language] ?? CATALOGS[base] ?? en;
  return (key) => catalog[key] ?? en[key];
}

/** The first of the wanted languages (user, cookie, Accept-Language) that the pages speak. */
export function pickLanguage(candidates: Array<string | undefined>, fallback: string): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const base = candidate.split("-")[0]?.toLowerCase() ?? "";
    if (CATALOGS[candidate]) return candidate;
    if (CATALOGS[base]) return base;
  }
  return fallback;
}
