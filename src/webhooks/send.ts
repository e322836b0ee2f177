import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { Clock } from "../lib";
import { BlockedAddressError, guardedLookup, hostOf, isPrivateAddress } from "./network";
import type { ClaimedDelivery } from "./queue";
import { signWebhook } from "./signature";

/** A receiver gets this long (connect, send, answer) per attempt; the claim's lease is far longer. */
export const SEND_TIMEOUT_MS = 10_000;
/** Of the receiver's answer only this much is read and kept (in lastError, for the delivery log). */
export const RESPONSE_EXCERPT_BYTES = 200;

export type SendOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface SendOptions {
  /** Refuse loopback, private and link-local addresses (checked on the address connected to). */
  blockPrivate: boolean;
  timeoutMs?: number;
}

/**
 * One POST of the event body, signed with the endpoint's secret at the time of sending (a
 * retry is signed afresh, so it is never outside the receiver's replay window). Any 2xx is
 * accepted; a redirect is not followed, it is a failed attempt (a receiver that moved must be
 * updated by an admin, and following it could lead anywhere, an internal address included).
 */
export async function sendDelivery(
  claimed: ClaimedDelivery,
  secret: string,
  clock: Clock,
  options: SendOptions,
): Promise<SendOutcome> {
  const { delivery, body } = claimed;
  const url = new URL(claimed.url);
  const host = hostOf(url);
  // A literal IP is connected to without any lookup: judged here.
  if (options.blockPrivate && isIP(host) && isPrivateAddress(host))
    return { ok: false, status: null, error: `blocked: ${new BlockedAddressError(host, host).message}` };
  const payload = Buffer.from(body, "utf8");
  const headers = {
    "Content-Type": "application/json",
    "Content-Length": String(payload.length),
    "User-Agent": "Admit-Webhooks/1",
    "Admit-Signature": signWebhook(secret, payload, clock.now().getTime() / 1000),
    "Admit-Event-Id": delivery.eventId,
    "Admit-Event-Type": delivery.eventType,
    "Admit-Delivery-Id": delivery.id,
  };
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = request(url, {
      method: "POST",
      headers,
      // No keep-alive pool shared across receivers: each attempt is its own connection.
      agent: false,
      ...(options.blockPrivate ? { lookup: guardedLookup } : {}),
    });
    // One deadline for the whole exchange (a receiver that trickles its answer is cut off too).
    const timer = setTimeout(
      () => finish({ ok: false, status: null, error: `timeout: no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error instanceof BlockedAddressError)
        return finish({ ok: false, status: null, error: `blocked: ${error.message}` });
      finish({ ok: false, status: null, error: `network: ${error.code ?? error.message}`.slice(0, 1000) });
    });
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return finish({ ok: true, status });
      // Only the start of the answer is read, never the whole of a large or endless body.
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const text = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
        const where = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
        finish({
          ok: false,
          status,
          error: `HTTP ${status}${where}${text ? `: ${text}` : ""}`.slice(0, 1000),
        });
      };
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_EXCERPT_BYTES) done();
      });
      res.on("end", done);
      res.on("error", done);
    });
    req.end(payload);
  });
}
