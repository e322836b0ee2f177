import { BrowserSessions } from "./http";
import type { DataSource } from "typeorm";
import type { UserService } from "../directory";
import { deriveKey, type Clock } from "../lib";
import { AccessTokenService } from "./access-tokens";
import { LOGIN_LIMITS, LoginService } from "./login";
import { SessionService } from "./sessions";
import type { ThrottleFactory } from "./throttle";

export { AccessToken, Session, ACCESS_TOKEN_KINDS } from "./entities";
export type { AccessTokenKind } from "./entities";
export { hashPassword, verifyPassword, generatePassword } from "./passwords";
export {
  checkPasswordPolicy,
  checkOneTimePasswordPolicy,
  isCommonPassword,
  MIN_PASSWORD_LENGTH,
  MIN_ONE_TIME_PASSWORD_LENGTH,
} from "./password-policy";
export { memoryThrottle, memoryThrottles } from "./throttle";
export type { Throttle, ThrottleFactory } from "./throttle";
export { redisThrottles } from "./redis-throttle";
export type { RedisThrottleOptions } from "./redis-throttle";
export type { IssuedToken } from "./access-tokens";
export type { LoginResult } from "./login";
export { AccessTokenService, LoginService, SessionService };
export { BrowserSessions, readCookie, SESSION_COOKIE, CSRF_COOKIE } from "./http";
export type { BrowserSession } from "./http";

export interface Auth {
  tokens: AccessTokenService;
  sessions: SessionService;
  login: LoginService;
  browser: BrowserSessions;
}

export function createAuth(deps: {
  dataSource: DataSource;
  users: UserService;
  appSecret: string;
  clock: Clock;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Where login failures are counted (shared through Redis when REDIS_URL is set). */
  throttles?: ThrottleFactory;
}): Auth {
  const tokens = new AccessTokenService(
    deps.dataSource,
    deriveKey(deps.appSecret, "access-token"),
    deps.clock,
  );
  const sessions = new SessionService(
    deps.dataSource,
    deriveKey(deps.appSecret, "session"),
    deps.clock,
    deps.sessionTtlMs,
  );
  const browser = new BrowserSessions(
    sessions,
    deriveKey(deps.appSecret, "cookie"),
    deriveKey(deps.appSecret, "csrf"),
    deps.secureCookies,
  );
  const throttles = deps.throttles;
  const login = new LoginService(deps.users, sessions, {
    clock: deps.clock,
    ...(throttles && {
      perAccount: throttles.create("login-account", LOGIN_LIMITS.perAccount, LOGIN_LIMITS.windowMs),
      perIp: throttles.create("login-ip", LOGIN_LIMITS.perIp, LOGIN_LIMITS.windowMs),
    }),
  });
  return { tokens, sessions, browser, login };
}
