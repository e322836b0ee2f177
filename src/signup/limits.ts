import { memoryThrottles, type Throttle, type ThrottleFactory } from "../auth";

const HOUR = 3_600_000;

/** Self sign-up's rate limits, each per hour. */
export interface SignupLimits {
  /** Sign-up submissions from one IP address (any outcome). */
  perIp: number;
  /** Accepted submissions naming one email address or username, per organisation. */
  perIdentifier: number;
  /** Submissions naming one mobile number and SMS sent to it (SMS pumping). */
  smsPerNumber: number;
  /** SMS that sign-up sends on behalf of one organisation (SMS cost real money). */
  smsPerOrganisation: number;
  /** Every accepted submission takes at least this long, whether or not the account existed. */
  minimumAnswerMs: number;
}

export const DEFAULT_SIGNUP_LIMITS: SignupLimits = {
  perIp: 20,
  perIdentifier: 3,
  smsPerNumber: 3,
  smsPerOrganisation: 50,
  minimumAnswerMs: 250,
};

/** The counters behind the limits; in Redis when REDIS_URL is set, so every instance shares them. */
export class SignupThrottles {
  readonly ip: Throttle;
  readonly identifier: Throttle;
  readonly number: Throttle;
  readonly organisationSms: Throttle;

  constructor(limits: SignupLimits, throttles: ThrottleFactory = memoryThrottles) {
    this.ip = throttles.create("signup-ip", limits.perIp, HOUR);
    this.identifier = throttles.create("signup-identifier", limits.perIdentifier, HOUR);
    this.number = throttles.create("signup-sms-number", limits.smsPerNumber, HOUR);
    this.organisationSms = throttles.create("signup-sms-org", limits.smsPerOrganisation, HOUR);
  }

  /** False when any key is used up; otherwise every key counts this attempt, and true. */
  static async take(throttle: Throttle, keys: string[]): Promise<boolean> {
    for (const key of keys) if (await throttle.isBlocked(key)) return false;
    for (const key of keys) await throttle.fail(key);
    return true;
  }

  /** May sign-up send one more SMS to this number for this organisation? */
  async smsAllowed(organisationId: string, phone: string): Promise<boolean> {
    return !(await this.number.isBlocked(phone)) && !(await this.organisationSms.isBlocked(organisationId));
  }

  /** Counts one SMS; `numberCounted` when the submission already counted against the number. */
  async smsSent(organisationId: string, phone: string, numberCounted = false): Promise<void> {
    if (!numberCounted) await this.number.fail(phone);
    await this.organisationSms.fail(organisationId);
  }
}
