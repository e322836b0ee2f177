import { Column, Entity, PrimaryColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;
const bool = {
  type: "boolean",
  // SQLite hands booleans back as 0/1.
  transformer: { to: (v: boolean) => v, from: (v: unknown) => Boolean(v) },
} as const;

/**
 * Everything oidc-provider persists (sessions, interactions, grants, codes, tokens), one row per
 * artifact, keyed by (kind, id). The columns besides `payload` are the lookups its adapter API needs
 * (by uid, by user code, revoke by grant). Every instance reads the same rows, so a login started on
 * one instance finishes on another.
 */
@Entity("oidc_payloads")
export class OidcPayload {
  @PrimaryColumn({ type: "varchar", length: 40 }) kind!: string;
  @PrimaryColumn({ type: "varchar", length: 128 }) id!: string;
  @Column({ type: "text" }) payload!: string;
  @Column({ type: "varchar", length: 128, nullable: true }) grantId!: string | null;
  @Column({ type: "varchar", length: 128, nullable: true }) uid!: string | null;
  @Column({ type: "varchar", length: 128, nullable: true }) userCode!: string | null;
  @Column({ ...DATETIME, nullable: true }) expiresAt!: Date | null;
  @Column({ ...DATETIME, nullable: true }) consumedAt!: Date | null;
}

/**
 * A signing key of the provider. The private JWK is sealed with a key derived from APP_SECRET;
 * the public JWK is kept in clear for the JWKS. `retiredAt` is set when a newer key takes over:
 * the key is still published (tokens it signed must verify) until `retiredAt` + the longest token
 * lifetime, then pruned.
 */
@Entity("oidc_signing_keys")
export class OidcSigningKey {
  @PrimaryColumn({ type: "varchar", length: 64 }) kid!: string;
  @Column({ type: "varchar", length: 16 }) alg!: string;
  @Column({ type: "text" }) publicJwk!: string;
  @Column({ type: "text" }) sealedPrivateJwk!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column({ ...DATETIME, nullable: true }) retiredAt!: Date | null;
}

/**
 * An application that logs users in through Admit (the learning platform). The secret is kept only
 * as an HMAC (`secretHash`); a public client (PKCE, no secret) has none. `organisationId` pins the
 * client to one organisation; without it the authorization request names the organisation.
 */
@Entity("oidc_clients")
export class OidcClient {
  @PrimaryColumn({ type: "varchar", length: 64 }) clientId!: string;
  @Column({ type: "varchar", length: 100 }) name!: string;
  @Column({ ...ID, nullable: true }) organisationId!: string | null;
  @Column({ type: "simple-json" }) redirectUris!: string[];
  /** Where RP-initiated logout may send the browser back to; null for clients registered before. */
  @Column({ type: "simple-json", nullable: true }) postLogoutRedirectUris!: string[] | null;
  @Column({ type: "varchar", length: 64, nullable: true }) secretHash!: string | null;
  @Column(bool) isPublic!: boolean;
  @Column({ type: "varchar", length: 32 }) tokenEndpointAuthMethod!: string;
  @Column(DATETIME) createdAt!: Date;
}

export const OIDC_ENTITIES = [OidcPayload, OidcSigningKey, OidcClient];
