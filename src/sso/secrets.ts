import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

/**
 * AES-256-GCM for the secrets of a connection (OIDC client secret, SAML SP private key, PKCE
 * verifiers). The key is `deriveKey(appSecret, "sso")`; the row id is associated data, so a sealed
 * value copied onto another connection does not open there. Format: `v1.<iv>.<ciphertext+tag>`.
 */
export interface SecretBox {
  seal(owner: string, plain: string): string;
  open(owner: string, sealed: string): string;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("the SSO key must be 32 bytes");
  return {
    seal(owner, plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(owner));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(owner, sealed) {
      const [version, iv, data] = sealed.split(".");
      if (version !== VERSION || !iv || !data) throw new Error("unknown sealed format");
      const body = Buffer.from(data, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(owner));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        "utf8",
      );
    },
  };
}
