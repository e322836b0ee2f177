import { z } from "zod";
import { CLAIM_KEYS, NAME_ID_FORMATS } from "../sso";

// Shapes only; the SSO service checks meaning (URLs, certificates, metadata, domains, completeness).
const claimName = z.string().min(1).max(255);
const claims = z
  .object(
    Object.fromEntries(CLAIM_KEYS.map((key) => [key, claimName.optional()])) as Record<
      (typeof CLAIM_KEYS)[number],
      z.ZodOptional<typeof claimName>
    >,
  )
  .strict();

const common = {
  name: z.string().trim().min(1).max(100),
  enabled: z.boolean().optional(),
  emailDomains: z.array(z.string().max(253)).max(50).optional(),
  jit: z.boolean().optional(),
  updateOnLogin: z.boolean().optional(),
  trustEmail: z.boolean().optional(),
  trustExternalId: z.boolean().optional(),
  supportContact: z.string().max(200).nullable().optional(),
  claims: claims.optional(),
};

const saml = {
  metadataXml: z.string().min(1).max(90_000).optional(),
  idpEntityId: z.string().min(1).max(1024).optional(),
  ssoUrl: z.string().min(1).max(2048).optional(),
  certificates: z.array(z.string().min(1).max(10_000)).min(1).max(5).optional(),
  nameIdFormat: z.enum(NAME_ID_FORMATS).optional(),
  wantAssertionsSigned: z.boolean().optional(),
  encryptAssertions: z.boolean().optional(),
  allowIdpInitiated: z.boolean().optional(),
};

const oidc = {
  issuer: z.string().min(1).max(2048).optional(),
  clientId: z.string().min(1).max(255).optional(),
  clientSecret: z.string().max(1024).optional(),
  scopes: z
    .array(
      z
        .string()
        .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "a scope token (RFC 6749 §3.3)")
        .max(100),
    )
    .max(20)
    .optional(),
};

export const ssoConnectionCreate = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("saml"), ...common, ...saml }).strict(),
  z.object({ kind: z.literal("oidc"), ...common, ...oidc }).strict(),
]);

/** The kind never changes; a field of the other kind is refused by the service (422). */
export const ssoConnectionUpdate = z
  .object({ ...common, ...saml, ...oidc })
  .partial()
  .strict();
