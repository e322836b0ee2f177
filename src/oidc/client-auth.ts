import type { NextFunction, Request, Response } from "express";

/**
 * Client secrets are stored as HMACs and oidc-provider is given the HMAC as the client's secret.
 * This middleware, in front of the provider, replaces the secret a client presents in its Basic
 * header (RFC 6749 §2.3.1: `base64(urlencode(id) ":" urlencode(secret))`) by its HMAC, so the
 * provider's own constant-time comparison decides. Presenting the stored HMAC itself fails: it is
 * hashed again. A header that is not well-formed is left for the provider to refuse.
 */
export function hashPresentedSecret(hash: (secret: string) => string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (req.method === "POST" && header && /^basic /i.test(header)) {
      const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0) {
        try {
          const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, "%20"));
          const rewritten = `${decoded.slice(0, colon)}:${hash(secret)}`;
          req.headers.authorization = `Basic ${Buffer.from(rewritten).toString("base64")}`;
        } catch {
          // Not percent-decodable: the provider answers invalid_client.
        }
      }
    }
    next();
  };
}
