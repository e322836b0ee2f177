import { routeFor, type Activation, type CommunicationSettings } from "../activation";
import type { Directory, Organisation, UserFields } from "../directory";
import { AppError, type Logger } from "../lib";
import {
  checkForm,
  emailOf,
  readForm,
  type CheckedSignup,
  type FormChoices,
  type SignupErrors,
  type SignupForm,
} from "./form";
import { SignupThrottles, type SignupLimits } from "./limits";
import type { SignupSettings, SignupSettingsService } from "./settings";

/** Where a person whose email domain signs in with SSO is sent instead. */
export interface SsoTarget {
  name: string;
  href: string;
}
/** The SSO module's home-realm discovery, seen from here (wired in app.ts). */
export type SsoLookup = (org: Organisation, email: string) => Promise<SsoTarget | null>;

export type SignupOutcome =
  | { kind: "invalid"; form: SignupForm; errors: SignupErrors }
  | { kind: "throttled"; reason: "ip" | "identifier" | "sms" }
  | { kind: "sso"; target: SsoTarget }
  /** The one answer for a new account, an existing one and a bot alike. */
  | { kind: "accepted"; activation: "automatic" | "manual" };

export interface SignupFormModel {
  choices: FormChoices;
  /** The departments to choose from, when the organisation lets people choose. */
  departments: Array<{ id: string; name: string }> | null;
}

export interface SignupDeps {
  directory: Directory;
  activation: Activation;
  settings: SignupSettingsService;
  throttles: SignupThrottles;
  limits: SignupLimits;
  logger: Logger;
  ssoForEmail?: SsoLookup;
}

const TAKEN = new Set(["directory.email_taken", "directory.username_taken"]);
const disabled = () => new AppError("signup.disabled", "Sign-up is not available here", { status: 404 });

/** Self sign-up (PRODUCT.md §4): the form's rules, its limits, and what it creates. */
export class SignupService {
  constructor(private readonly deps: SignupDeps) {}

  /** The form for this organisation, or null when sign-up is off. */
  async form(org: Organisation): Promise<SignupFormModel | null> {
    const settings = await this.deps.settings.get(org.id);
    if (!settings.enabled) return null;
    const choices = this.choices(org, settings, await this.deps.activation.settings.get(org.id));
    const wanted = new Set(choices.departmentIds ?? []);
    const departments = choices.departmentIds
      ? (await this.deps.directory.departments.list(org.id))
          .filter((d) => wanted.has(d.id))
          .map((d) => ({ id: d.id, name: d.name }))
      : null;
    return { choices, departments };
  }

  async submit(org: Organisation, body: unknown, ip: string): Promise<SignupOutcome> {
    const started = Date.now();
    const { throttles } = this.deps;
    const settings = await this.deps.settings.get(org.id);
    if (!settings.enabled) throw disabled();
    if (!(await SignupThrottles.take(throttles.ip, [ip]))) return { kind: "throttled", reason: "ip" };
    const communication = await this.deps.activation.settings.get(org.id);
    const accepted = async (): Promise<SignupOutcome> => {
      const rest = this.deps.limits.minimumAnswerMs - (Date.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      return { kind: "accepted", activation: communication.autoSend.signup ? "automatic" : "manual" };
    };
    const form = readForm(body);
    // The honeypot: a bot gets the usual answer, and nothing is created or sent.
    if (form.website) return accepted();
    const choices = this.choices(org, settings, communication);
    const email = emailOf(form);
    const sso = email && this.deps.ssoForEmail ? await this.deps.ssoForEmail(org, email) : null;
    if (sso) return { kind: "sso", target: sso };
    const { errors, input } = checkForm(form, choices);
    if (!input) return { kind: "invalid", form, errors };

    const identifier = (input.email ?? input.userName ?? "").toLowerCase();
    if (!(await SignupThrottles.take(throttles.identifier, [`${org.id}:${identifier}`])))
      return { kind: "throttled", reason: "identifier" };
    // Decided on what was typed only (never on whether an account exists), then counted.
    if (input.phone) {
      if (!(await throttles.smsAllowed(org.id, input.phone))) return { kind: "throttled", reason: "sms" };
      await throttles.number.fail(input.phone);
    }
    await this.createOrNotify(org, settings, communication, input);
    return accepted();
  }

  private choices(
    org: Organisation,
    settings: SignupSettings,
    communication: CommunicationSettings,
  ): FormChoices {
    const selectable = settings.userSelectsDepartment ? settings.selectableDepartmentIds : [];
    return {
      languages: org.languages,
      usernameAllowed: communication.smsEnabled,
      departmentIds: selectable.length ? selectable : null,
      allowedEmailDomains: settings.allowedEmailDomains,
    };
  }

  /** A new pending account (the activation module sends its activation), or a notice to the owner. */
  private async createOrNotify(
    org: Organisation,
    settings: SignupSettings,
    communication: CommunicationSettings,
    input: CheckedSignup,
  ): Promise<void> {
    const defaults = this.deps.settings.defaults(org, settings);
    const departmentId = input.departmentId ?? defaults.departmentId;
    const fields: UserFields = {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      userName: input.userName,
      phone: input.phone,
      language: input.language,
      jobProfileId: defaults.jobProfileId ?? undefined,
      departmentIds: departmentId ? [departmentId] : [],
      permissionTypeIds: defaults.permissionTypeId ? [defaults.permissionTypeId] : [],
    };
    try {
      await this.deps.directory.users.create(org.id, fields, { source: "signup" });
      const route = routeFor(input, communication.smsEnabled);
      if (route?.channel === "sms" && communication.autoSend.signup)
        await this.deps.throttles.smsSent(org.id, route.to, true);
    } catch (error) {
      if (!(error instanceof AppError) || !TAKEN.has(error.code)) throw error;
      // Whatever happens next must not change the answer: it would tell that the account exists.
      await this.notifyOwner(org, communication, input).catch((failure: unknown) =>
        this.deps.logger.error({ err: failure }, "the sign-up attempt notice failed"),
      );
    }
  }

  private async notifyOwner(org: Organisation, communication: CommunicationSettings, input: CheckedSignup) {
    const { directory, activation, throttles } = this.deps;
    const owner = await directory.users.findByLogin(org.id, input.email ?? input.userName ?? "");
    if (!owner || owner.status === "deactivated") return;
    const route = routeFor(owner, communication.smsEnabled);
    if (!route) return;
    const numberCounted = route.channel === "sms" && route.to === input.phone;
    if (route.channel === "sms") {
      const allowed = numberCounted
        ? !(await throttles.organisationSms.isBlocked(org.id))
        : await throttles.smsAllowed(org.id, route.to);
      if (!allowed) return;
    }
    const channel = await activation.notifySignupAttempt(org, owner);
    if (channel === "sms") await throttles.smsSent(org.id, route.to, numberCounted);
  }
}
