import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from "node:crypto";
import { invalid } from "../../lib";

/**
 * Certificates: the IdP's (pasted by an admin, checked here) and the SP's own, generated per
 * connection for encrypted assertions. Node can parse but not issue X.509, so the self-signed SP
 * certificate is encoded by hand below (RFC 5280 §4.1; the few DER types it needs).
 */

/** PEM or bare base64 → the base64 DER body, or a 422 naming the certificate. */
export function normalizeCertificate(input: string, index = 0): string {
  const body = input
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
    .replace(/\s+/g, "")
    .trim();
  try {
    new X509Certificate(toPem(body));
    return body;
  } catch {
    throw invalid(
      "sso.invalid_certificate",
      `Certificate ${index + 1} is not a valid X.509 certificate`,
      "certificates",
    );
  }
}

export function toPem(body: string): string {
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

export function describeCertificate(body: string) {
  const cert = new X509Certificate(toPem(body));
  return {
    subject: cert.subject,
    notAfter: new Date(cert.validTo).toISOString(),
    sha256: createHash("sha256").update(Buffer.from(body, "base64")).digest("hex"),
  };
}

// ── DER ──────────────────────────────────────────────────────────────────────────────────────
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const oid = (bytes: number[]) => tlv(0x06, Buffer.from(bytes));
const NULL = Buffer.from([0x05, 0x00]);
// 1.2.840.113549.1.1.11 sha256WithRSAEncryption; 2.5.4.3 commonName
const SHA256_RSA = seq(oid([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]), NULL);
const name = (cn: string) => seq(tlv(0x31, seq(oid([0x55, 0x04, 0x03]), tlv(0x0c, Buffer.from(cn, "utf8")))));
const time = (date: Date) => tlv(0x18, Buffer.from(date.toISOString().replace(/[-:T]|\.\d+/g, ""), "ascii"));

/** A fresh RSA-2048 key pair and a self-signed certificate (10 years) for one connection. */
export function generateSpKeyPair(commonName: string, now = new Date()) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive INTEGER
  const until = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // [0] EXPLICIT version v3
    tlv(0x02, serial),
    SHA256_RSA,
    name(commonName),
    seq(time(now), time(until)),
    name(commonName),
    publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    certificate: certificate.toString("base64"),
  };
}
