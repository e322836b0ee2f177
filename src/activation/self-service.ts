import { memoryThrottles, type Throttle, type ThrottleFactory } from "../auth";
import type { Organisation, User } from "../directory";
import { AppError } from "../lib";
import type { ActivationContext } from "./context";
import type { TokenPurpose } from "./entities";
import type { ActivationService } from "./service";

const MINUTE = 60_000;

export interface SelfServiceOptions {
  /** Where the counters below live unless given one by one (Redis when REDIS_URL is set). */
  throttles?: ThrottleFactory;
  /** Wrong or dead links presented per IP before every link page answers 429 (brute force). */
  tokenAttempts?: Throttle;
  /** "Send me a link" requests per IP. */
  linkRequests?: Throttle;
  /** Messages one person can be sent through the forms per hour (no mail bombing). */
  perPerson?: Throttle;
  /** Every "send me a link" answer takes at least this long, whether or not anyone matched. */
  minimumAnswerMs?: number;
}

const throttled = () =>
  new AppError("activation.throttled", "Too many attempts. Wait a few minutes and try again.", {
    status: 429,
  });

/** Whether a link of this purpose may still be used by this person. */
const eligible = (user: User, purpose: TokenPurpose) =>
  purpose === "activation" ? user.status === "pending" : user.status === "active";

/**
 * The flows a person runs without being signed in: open a link, set a password with it, ask for
 * a new link. Nothing here tells whether an account exists: unknown, used, replaced and expired
 * links look alike, and a link request answers the same, in about the same time, for anyone.
 */
export class SelfService {
  private readonly tokenAttempts: Throttle;
  private readonly linkRequests: Throttle;
  private readonly perPerson: Throttle;
  private readonly minimumAnswerMs: number;

  constructor(
    private readonly ctx: ActivationContext,
    private readonly links: ActivationService,
    options: SelfServiceOptions = {},
  ) {
    const throttles = options.throttles ?? memoryThrottles;
    this.tokenAttempts = options.tokenAttempts ?? throttles.create("link-token", 20, 15 * MINUTE);
    this.linkRequests = options.linkRequests ?? throttles.create("link-request", 20, 15 * MINUTE);
    this.perPerson = options.perPerson ?? throttles.create("link-person", 3, 60 * MINUTE);
    this.minimumAnswerMs = options.minimumAnswerMs ?? 300;
  }

  /** Throws 429 while this IP has presented too many bad links. */
  async guard(ip: string): Promise<void> {
    if (await this.tokenAttempts.isBlocked(ip)) throw throttled();
  }

  /** The person a live link is for, or null (and the attempt counts against the IP). */
  async open(org: Organisation, token: string, purpose: TokenPurpose, ip: string): Promise<User | null> {
    await this.guard(ip);
    const row = await this.ctx.tokens.find(this.ctx.dataSource.manager, org.id, token, purpose);
    const user = row ? await this.ctx.directory.users.get(org.id, row.userId).catch(() => null) : null;
    if (user && eligible(user, purpose)) return user;
    await this.tokenAttempts.fail(ip);
    return null;
  }

  /**
   * Uses the link: sets the password (hashed by the caller, before the transaction), activates a
   * pending person, ends every other link and session. Null when the link was already used —
   * of two requests racing with one link, exactly one gets the user.
   */
  async complete(
    org: Organisation,
    token: string,
    purpose: TokenPurpose,
    passwordHash: string,
    ip: string,
  ): Promise<User | null> {
    await this.guard(ip);
    const { directory, tokens, sessions } = this.ctx;
    const user = await this.ctx.withTransaction(async (tx) => {
      const row = await tokens.consume(tx, org.id, token, purpose);
      if (!row) return null;
      const found = await directory.users.get(org.id, row.userId, tx);
      if (!eligible(found, purpose)) return null;
      await directory.users.setPassword(org.id, found.id, passwordHash, false, tx);
      await tokens.revokeAll(tx, found.id);
      await sessions.endAllFor(found.id, undefined, tx);
      return found.status === "pending" ? directory.users.setStatus(org.id, found.id, "active", tx) : found;
    });
    if (!user) await this.tokenAttempts.fail(ip);
    return user;
  }

  /**
   * "Send me a new link" and "Forgot your password?": an active person gets a reset link, a
   * pending one who was sent an activation link before gets a new one; anyone else nothing.
   */
  async requestLink(org: Organisation, identifier: string, ip: string): Promise<void> {
    if (await this.linkRequests.isBlocked(ip)) throw throttled();
    await this.linkRequests.fail(ip);
    const started = Date.now();
    try {
      await this.sendIfAllowed(org, identifier.trim().slice(0, 320));
    } catch (error) {
      // An error would only ever happen for an existing account: it must not change the answer.
      this.ctx.logger.error({ err: error }, "sending a requested link failed");
    }
    const rest = this.minimumAnswerMs - (Date.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }

  private async sendIfAllowed(org: Organisation, identifier: string): Promise<void> {
    const { directory, tokens } = this.ctx;
    const found = identifier ? await directory.users.findByLogin(org.id, identifier) : null;
    // People who sign in with SSO have no password here to reset.
    if (!found || found.source === "sso" || (await this.perPerson.isBlocked(found.id))) return;
    await this.perPerson.fail(found.id);
    await this.ctx.withTransaction(async (tx) => {
      const user = await directory.users.get(org.id, found.id, tx);
      if (user.status === "active") {
        await this.links.sendLink(tx, org, user, "password_reset");
      } else if (user.status === "pending" && (await tokens.latest(tx, user.id, "activation"))) {
        // Only someone an activation was sent to before: "only when an admin asks" holds.
        await this.links.sendLink(tx, org, user, "activation");
      }
    });
  }
}
