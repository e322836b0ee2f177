import type { CookieOptions, NextFunction, Request, Response } from "express";
import { hmacHex, randomToken, safeEqual, sign, unsign } from "../lib";
import type { Session } from "./entities";
import type { SessionService } from "./sessions";

export const SESSION_COOKIE = "admit_session";
export const CSRF_COOKIE = "admit_csrf";

export interface BrowserSession {
  session: Session;
}

declare module "express-serve-static-core" {
  interface Request {
    browserSession?: BrowserSession;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Cookie handling for browser logins: signed, HttpOnly, SameSite=Lax, Secure behind https. */
export class BrowserSessions {
  constructor(
    private readonly sessions: SessionService,
    private readonly cookieKey: Buffer,
    private readonly csrfKey: Buffer,
    private readonly secureCookies: boolean,
  ) {}

  private options(maxAgeMs?: number): CookieOptions {
    return { httpOnly: true, sameSite: "lax", secure: this.secureCookies, path: "/", maxAge: maxAgeMs };
  }

  /** Middleware: attaches the live session, if the cookie carries one. */
  load() {
    return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
      const raw = readCookie(req, SESSION_COOKIE);
      const token = raw ? unsign(this.cookieKey, raw) : undefined;
      if (token) {
        const session = await this.sessions.resolve(token);
        if (session) req.browserSession = { session };
      }
      next();
    };
  }

  begin(res: Response, token: string, expiresAt: Date): void {
    res.cookie(SESSION_COOKIE, sign(this.cookieKey, token), this.options(expiresAt.getTime() - Date.now()));
  }

  async end(req: Request, res: Response): Promise<void> {
    if (req.browserSession) await this.sessions.end(req.browserSession.session.id);
    res.clearCookie(SESSION_COOKIE, this.options());
  }

  /**
   * The CSRF token for a form. Logged in: an HMAC of the session id (nothing to store). Not
   * logged in (login, sign-up): a double-submit value kept in its own signed cookie.
   */
  csrfToken(req: Request, res: Response): string {
    if (req.browserSession) return hmacHex(this.csrfKey, req.browserSession.session.id);
    const existing = readCookie(req, CSRF_COOKIE);
    const value = existing ? unsign(this.cookieKey, existing) : undefined;
    if (value) return value;
    const fresh = randomToken(24);
    res.cookie(CSRF_COOKIE, sign(this.cookieKey, fresh), this.options());
    return fresh;
  }

  checkCsrf(req: Request, presented: unknown): boolean {
    if (typeof presented !== "string" || presented === "") return false;
    if (req.browserSession) return safeEqual(hmacHex(this.csrfKey, req.browserSession.session.id), presented);
    const cookie = readCookie(req, CSRF_COOKIE);
    const value = cookie ? unsign(this.cookieKey, cookie) : undefined;
    return value !== undefined && safeEqual(value, presented);
  }
}
