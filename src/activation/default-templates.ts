import type { MessagePurpose, Template } from "./render";

/** The words of one message; the text and HTML bodies are built from them the same way. */
export interface Wording {
  subject: string;
  greeting: string;
  body: string;
  action: string;
  outro: string;
  sms: string;
}

export interface LanguagePack {
  /** "Or copy this link into your browser:" */
  copyLink: string;
  messages: Record<MessagePurpose, Wording>;
}

function build(pack: LanguagePack, w: Wording): Template {
  return {
    subject: w.subject,
    text: `${w.greeting}\n\n${w.body}\n\n${w.action}: {{link}}\n\n${w.outro}\n`,
    html: [
      `<p>${w.greeting}</p>`,
      `<p>${w.body}</p>`,
      `<p><a href="{{link}}">${w.action}</a></p>`,
      `<p>${pack.copyLink}<br>{{link}}</p>`,
      `<p>${w.outro}</p>`,
    ].join("\n"),
    sms: w.sms,
  };
}

const en: LanguagePack = {
  copyLink: "Or copy this link into your browser:",
  messages: {
    activation: {
      subject: "Activate your {{organisation}} account",
      greeting: "Hi {{firstName}},",
      body: "An account has been created for you at {{organisation}}. Choose your password to activate it.",
      action: "Activate my account",
      outro: "The link works once and expires. If you did not expect this message, you can ignore it.",
      sms: "{{organisation}}: activate your account and choose a password: {{link}}",
    },
    password_reset: {
      subject: "Reset your {{organisation}} password",
      greeting: "Hi {{firstName}},",
      body: "Someone, hopefully you, asked to reset the password of your {{organisation}} account.",
      action: "Choose a new password",
      outro:
        "The link works once and expires. If you did not ask for this, ignore this message: your password stays as it is.",
      sms: "{{organisation}}: choose a new password here: {{link}} If you did not ask for this, ignore this message.",
    },
    one_time_password: {
      subject: "Your one-time password for {{organisation}}",
      greeting: "Hi {{firstName}},",
      body: "Here is a one-time password for your {{organisation}} account: {{password}}",
      action: "Sign in",
      outro: "You will be asked to choose your own password right away. The one-time password expires.",
      sms: "{{organisation}}: your one-time password is {{password}}. Sign in at {{link}} and choose your own password.",
    },
    signup_attempt: {
      subject: "You already have an account at {{organisation}}",
      greeting: "Hi {{firstName}},",
      body: "Someone tried to create an account at {{organisation}} with your details, but you already have one. If it was you, sign in, or choose a new password with the link below.",
      action: "Choose a new password",
      outro: "If it was not you, you can ignore this message.",
      sms: "{{organisation}}: you already have an account. Forgot your password? {{link}}",
    },
  },
};

const da: LanguagePack = {
  copyLink: "Eller kopiér dette link ind i din browser:",
  messages: {
    activation: {
      subject: "Aktivér din konto hos {{organisation}}",
      greeting: "Hej {{firstName}}",
      body: "Der er oprettet en konto til dig hos {{organisation}}. Vælg din adgangskode for at aktivere den.",
      action: "Aktivér min konto",
      outro:
        "Linket virker én gang og udløber. Hvis du ikke forventede denne besked, kan du se bort fra den.",
      sms: "{{organisation}}: aktivér din konto og vælg en adgangskode: {{link}}",
    },
    password_reset: {
      subject: "Nulstil din adgangskode hos {{organisation}}",
      greeting: "Hej {{firstName}}",
      body: "Nogen, forhåbentlig dig, har bedt om at nulstille adgangskoden til din konto hos {{organisation}}.",
      action: "Vælg en ny adgangskode",
      outro:
        "Linket virker én gang og udløber. Hvis det ikke var dig, kan du se bort fra beskeden: din adgangskode forbliver uændret.",
      sms: "{{organisation}}: vælg en ny adgangskode her: {{link}} Hvis det ikke var dig, kan du se bort fra beskeden.",
    },
    one_time_password: {
      subject: "Din engangsadgangskode til {{organisation}}",
      greeting: "Hej {{firstName}}",
      body: "Her er en engangsadgangskode til din konto hos {{organisation}}: {{password}}",
      action: "Log ind",
      outro: "Du bliver bedt om at vælge din egen adgangskode med det samme. Engangsadgangskoden udløber.",
      sms: "{{organisation}}: din engangsadgangskode er {{password}}. Log ind på {{link}} og vælg din egen adgangskode.",
    },
    signup_attempt: {
      subject: "Du har allerede en konto hos {{organisation}}",
      greeting: "Hej {{firstName}}",
      body: "Nogen forsøgte at oprette en konto hos {{organisation}} med dine oplysninger, men du har allerede en. Hvis det var dig, så log ind, eller vælg en ny adgangskode via linket herunder.",
      action: "Vælg en ny adgangskode",
      outro: "Hvis det ikke var dig, kan du se bort fra denne besked.",
      sms: "{{organisation}}: du har allerede en konto. Glemt din adgangskode? {{link}}",
    },
  },
};

const PACKS: Record<string, LanguagePack> = { en, da };

/** The built-in template of a purpose in exactly that language, if there is one. */
export function defaultTemplate(purpose: MessagePurpose, language: string): Template | undefined {
  const pack = PACKS[language.toLowerCase()];
  return pack ? build(pack, pack.messages[purpose]) : undefined;
}

export const DEFAULT_LANGUAGES = Object.keys(PACKS);
