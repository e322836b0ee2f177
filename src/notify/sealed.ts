import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** What is sealed in `outbox_messages.payload`: everything that may carry a token or an address. */
export interface SealedContent {
  to: string;
  subject?: string;
  text: string;
  html?: string;
  fromName?: string;
  replyTo?: string;
}

const VERSION = "v1";

/**
 * AES-256-GCM with a fresh 96-bit IV per message and the message id as associated data, so a
 * sealed body copied onto another row does not open there. Format: `v1.<iv>.<ciphertext+tag>`.
 * Generic over what is sealed: other modules (webhook signing secrets) seal their own shapes
 * under their own derived key.
 */
export function sealer<T = SealedContent>(key: Buffer) {
  if (key.length !== 32) throw new Error("the outbox key must be 32 bytes");
  return {
    seal(messageId: string, content: T): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(messageId));
      const body = Buffer.concat([cipher.update(JSON.stringify(content), "utf8"), cipher.final()]);
      const sealed = Buffer.concat([body, cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString("base64url")}.${sealed.toString("base64url")}`;
    },
    /** Throws when the payload was tampered with or sealed under another APP_SECRET. */
    open(messageId: string, payload: string): T {
      const [version, iv, data] = payload.split(".");
      if (version !== VERSION || !iv || !data) throw new Error("unknown payload format");
      const sealed = Buffer.from(data, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(messageId));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - 16)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString("utf8")) as T;
    },
  };
}

export type Sealer<T = SealedContent> = ReturnType<typeof sealer<T>>;
