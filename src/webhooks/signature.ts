import { createHmac } from "node:crypto";
import { safeEqual } from "../lib";

/** Receivers refuse a signature whose timestamp is further than this from their clock. */
export const REPLAY_WINDOW_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (the Admit-Signature header). */
export function signWebhook(secret: string, body: string | Buffer, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

// Over the bytes as sent: `<t>.` then the raw body, so a receiver holding a Buffer gets the same MAC.
function mac(secret: string, t: number, body: string | Buffer): string {
  return createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
}

/**
 * What a receiver does with an Admit-Signature header: parse it, refuse a timestamp outside the
 * replay window (either way: a clock far ahead is as suspect as a stale one), recompute the HMAC
 * over the RAW body (not re-serialised JSON) and compare in constant time. Several `v1=` values
 * are accepted so a sender may sign with two secrets during a rotation.
 *
 * `now` is in milliseconds (`Date.now()`), the default.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined | null,
  body: string | Buffer,
  now: number = Date.now(),
  windowSeconds = REPLAY_WINDOW_SECONDS,
): boolean {
  if (!header || !secret) return false;
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") timestamp = value;
    else if (key === "v1") signatures.push(value);
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > windowSeconds) return false;
  const expected = mac(secret, Number(timestamp), body);
  // Every candidate is compared (no early exit on a match), in constant time each.
  return signatures.map((s) => safeEqual(s, expected)).includes(true);
}
