import { Column, Entity, PrimaryColumn } from "typeorm";

const ID = { type: "varchar", length: 36 } as const;
const DATETIME = { type: "datetime", precision: 3 } as const;
const bool = {
  type: "boolean",
  // SQLite hands booleans back as 0/1.
  transformer: { to: (v: boolean) => v, from: (v: unknown) => Boolean(v) },
} as const;

export const SSO_KINDS = ["saml", "oidc"] as const;
export type SsoKind = (typeof SSO_KINDS)[number];

/**
 * One identity provider of an organisation (PRODUCT.md §2). Kind-specific, non-secret settings
 * live in `settings` (JSON); the one secret of a connection (the OIDC client secret, or the SAML
 * SP private key for encrypted assertions) is sealed in `sealedSecret`, never stored in clear.
 */
@Entity("sso_connections")
export class SsoConnection {
  @PrimaryColumn(ID) id!: string;
  @Column(ID) organisationId!: string;
  @Column({ type: "varchar", length: 8 }) kind!: SsoKind;
  @Column({ type: "varchar", length: 100 }) name!: string;
  @Column(bool) enabled!: boolean;
  /** Just-in-time creation of users the connection does not know yet. */
  @Column(bool) jit!: boolean;
  /** Re-apply the mapped fields (names, assignments, language) on every login. */
  @Column(bool) updateOnLogin!: boolean;
  /** Link an existing user by email only when the IdP is trusted to assert it. */
  @Column(bool) trustEmail!: boolean;
  /** Link an existing user by SCIM externalId only when the IdP is trusted to assert it. */
  @Column(bool) trustExternalId!: boolean;
  /** Shown on the "not provisioned" page: whom to contact. */
  @Column({ type: "varchar", length: 200, nullable: true }) supportContact!: string | null;
  @Column({ type: "simple-json" }) settings!: Record<string, unknown>;
  @Column({ type: "text", nullable: true }) sealedSecret!: string | null;
  /** The SP certificate (PEM) that goes with the sealed SAML private key. */
  @Column({ type: "text", nullable: true }) spCertificate!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) updatedAt!: Date;
}

/** Home-realm discovery: an email domain belongs to at most one connection per organisation. */
@Entity("sso_email_domains")
export class SsoEmailDomain {
  @PrimaryColumn(ID) organisationId!: string;
  @PrimaryColumn({ type: "varchar", length: 253 }) domain!: string;
  @Column(ID) connectionId!: string;
}

/** The (connection, subject) → user link: a rename at the IdP keeps the same user. */
@Entity("sso_links")
export class SsoLink {
  @PrimaryColumn(ID) connectionId!: string;
  /** sha256 of the subject (NameID / sub), so any length fits one portable key column. */
  @PrimaryColumn({ type: "varchar", length: 64 }) subjectHash!: string;
  @Column({ type: "varchar", length: 500 }) subject!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) userId!: string;
  @Column(DATETIME) createdAt!: Date;
  @Column({ ...DATETIME, nullable: true }) lastLoginAt!: Date | null;
}

/**
 * A login in flight (SAML request id + RelayState, OIDC state/nonce/PKCE verifier). Kept in the
 * database, not in memory, so the IdP may send the browser back to any instance.
 */
@Entity("sso_login_states")
export class SsoLoginState {
  /** The RelayState (SAML) or `state` (OIDC) value. */
  @PrimaryColumn({ type: "varchar", length: 64 }) id!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) connectionId!: string;
  @Column({ type: "varchar", length: 100, nullable: true }) requestId!: string | null;
  @Column({ type: "varchar", length: 64, nullable: true }) nonce!: string | null;
  /** PKCE verifier, sealed: it is the one value here an attacker could use. */
  @Column({ type: "text", nullable: true }) sealedVerifier!: string | null;
  @Column({ type: "varchar", length: 500, nullable: true }) next!: string | null;
  @Column(DATETIME) createdAt!: Date;
  @Column(DATETIME) expiresAt!: Date;
}

/** Assertion ids already used, remembered until the assertion expires (replay protection). */
@Entity("sso_replay")
export class SsoReplay {
  /** sha256 of connection id + assertion id: the unique key decides who used it first. */
  @PrimaryColumn({ type: "varchar", length: 64 }) id!: string;
  @Column(ID) organisationId!: string;
  @Column(ID) connectionId!: string;
  @Column(DATETIME) expiresAt!: Date;
}

export const SSO_ENTITIES = [SsoConnection, SsoEmailDomain, SsoLink, SsoLoginState, SsoReplay];
