// The part of oidc-provider 9 that Admit uses (it ships no types; @types/oidc-provider lags behind).
// Also serves test/support/oidc-idp.ts, the fake upstream IdP of the SSO tests.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface OidcSession {
    accountId?: string;
    /** Set by the end_session endpoint: `secret` is the anti-forgery value of its confirm form. */
    state?: { secret?: string };
    grantIdFor(clientId: string): string | undefined;
    destroy(): Promise<void>;
  }

  /** The Koa cookie jar (the `cookies` package) of a context. */
  export interface CookieJar {
    secure?: boolean;
    get(name: string, options?: Record<string, unknown>): string | undefined;
    set(name: string, value: string | null, options?: Record<string, unknown>): void;
  }

  export interface ProviderClient {
    clientId: string;
    redirectUris: string[];
  }

  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    status: number;
    type: string;
    body: unknown;
    oidc: {
      /** The name of the matched route (e.g. `end_session_confirm`); `oidc` is unset when none matched. */
      route: string;
      urlFor(route: string): string;
      client?: ProviderClient;
      session: OidcSession;
      params: Record<string, unknown>;
      result?: { consent?: { grantId?: string } };
      requestParamScopes: Set<string>;
      requestParamClaims: Set<string>;
      provider: Provider;
    };
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id?: string; scope?: string };
    session?: { accountId?: string };
    grantId?: string;
  }

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export class Check {
    constructor(
      reason: string,
      description: string,
      error: string,
      check: (ctx: KoaContext) => boolean | Promise<boolean>,
    );
  }

  export interface Prompt {
    name: string;
    checks: Check[] & { add(check: Check, index?: number): void };
  }

  export const interactionPolicy: {
    Check: typeof Check;
    base(): Prompt[] & { get(name: string): Prompt };
  };

  export const errors: {
    InvalidRequest: new (description?: string) => Error;
    AccessDenied: new (description?: string) => Error;
  };

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    proxy: boolean;
    Grant: typeof Grant;
    Session: { find(id: string): Promise<OidcSession | undefined> };
    /** Koa's: a context for a request outside the library's routes (its cookie jar, say). */
    createContext(req: IncomingMessage, res: ServerResponse): { cookies: CookieJar; secure: boolean };
    /** A Koa middleware around the library's routes (after `await next()` the route is done). */
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export default Provider;
}
