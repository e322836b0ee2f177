import { AppError, systemClock, type Clock } from "../lib";
import type { User, UserService } from "../directory";
import { verifyPassword } from "./passwords";
import type { SessionService } from "./sessions";
import { memoryThrottle, type Throttle } from "./throttle";

export interface LoginResult {
  user: User;
  sessionToken: string;
  sessionId: string;
  expiresAt: Date;
}

/** Failed logins allowed per account and per IP in each 15-minute window. */
export const LOGIN_LIMITS = { perAccount: 10, perIp: 50, windowMs: 15 * 60_000 };

/**
 * Password login with email or username. Failures are throttled per account (stops guessing
 * one person's password) and per IP (stops spraying many accounts); every refusal looks alike.
 */
export class LoginService {
  private readonly clock: Clock;
  private readonly perAccount: Throttle;
  private readonly perIp: Throttle;

  constructor(
    private readonly users: UserService,
    private readonly sessions: SessionService,
    options: { clock?: Clock; perAccount?: Throttle; perIp?: Throttle } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.perAccount = options.perAccount ?? memoryThrottle(LOGIN_LIMITS.perAccount, LOGIN_LIMITS.windowMs);
    this.perIp = options.perIp ?? memoryThrottle(LOGIN_LIMITS.perIp, LOGIN_LIMITS.windowMs);
  }

  async login(
    organisationId: string,
    identifier: string,
    password: string,
    ip: string,
  ): Promise<LoginResult> {
    const accountKey = `${organisationId}:${identifier.trim().toLowerCase()}`;
    if ((await this.perAccount.isBlocked(accountKey)) || (await this.perIp.isBlocked(ip))) {
      throw new AppError("auth.throttled", "Too many failed attempts. Wait a few minutes and try again.", {
        status: 429,
      });
    }
    const user = await this.users.findByLogin(organisationId, identifier);
    const ok = await verifyPassword(user?.passwordHash, password);
    // An expired one-time password fails like a wrong one: nothing tells it apart.
    const expired = !!user?.passwordExpiresAt && user.passwordExpiresAt <= this.clock.now();
    if (!user || !ok || expired || user.status === "deactivated") {
      await this.perAccount.fail(accountKey);
      await this.perIp.fail(ip);
      throw new AppError("auth.invalid_credentials", "The email/username or password is not right.", {
        status: 401,
      });
    }
    await this.perAccount.reset(accountKey);
    const { session, token } = await this.sessions.start(organisationId, user.id);
    await this.users.recordLogin(user.id);
    return { user, sessionToken: token, sessionId: session.id, expiresAt: session.expiresAt };
  }
}
