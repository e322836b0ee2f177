import type { DataSource } from "typeorm";
import { LessThan } from "typeorm";
import { deleteRows, selectOne } from "../db";
import { randomToken, type Clock } from "../lib";
import { SsoLoginState } from "./entities";
import type { SecretBox } from "./secrets";

/** Ten minutes: long enough to type a password and do MFA at the IdP, short enough to be useless later. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

export interface NewLoginState {
  organisationId: string;
  connectionId: string;
  requestId?: string;
  nonce?: string;
  codeVerifier?: string;
  next?: string;
}

export interface LoginState {
  id: string;
  organisationId: string;
  connectionId: string;
  requestId: string | null;
  nonce: string | null;
  codeVerifier?: string;
  next: string | null;
  createdAt: Date;
}

/**
 * Logins in flight, in the database so that any instance can finish what another started. A
 * state is used once: `consume` deletes it and only the caller whose DELETE removed the row wins.
 */
export class LoginStateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly box: SecretBox,
  ) {}

  newId(): string {
    return randomToken(32);
  }

  async save(id: string, state: NewLoginState): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.getRepository(SsoLoginState).insert({
      id,
      organisationId: state.organisationId,
      connectionId: state.connectionId,
      requestId: state.requestId ?? null,
      nonce: state.nonce ?? null,
      sealedVerifier: state.codeVerifier ? this.box.seal(id, state.codeVerifier) : null,
      next: state.next ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
    });
    // Old, abandoned logins are swept now and then by whoever starts a new one.
    if (Math.random() < 0.05) await this.sweep();
  }

  /** A live state of this connection (by state id or by SAML request id), without using it up. */
  async peek(connectionId: string, by: { id?: string; requestId?: string }): Promise<LoginState | null> {
    if (!by.id && !by.requestId) return null;
    const row = await selectOne(this.dataSource.manager, SsoLoginState, {
      connectionId,
      id: by.id || undefined,
      requestId: by.requestId || undefined,
    });
    if (!row || row.expiresAt <= this.clock.now()) return null;
    return {
      id: row.id,
      organisationId: row.organisationId,
      connectionId: row.connectionId,
      requestId: row.requestId,
      nonce: row.nonce,
      codeVerifier: row.sealedVerifier ? this.box.open(row.id, row.sealedVerifier) : undefined,
      next: row.next,
      createdAt: row.createdAt,
    };
  }

  /** True for exactly one caller per state. */
  async consume(id: string): Promise<boolean> {
    return (await deleteRows(this.dataSource.manager, SsoLoginState, { id })) > 0;
  }

  async sweep(): Promise<void> {
    await this.dataSource.getRepository(SsoLoginState).delete({ expiresAt: LessThan(this.clock.now()) });
  }
}
