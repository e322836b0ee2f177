import { createHmac } from "node:crypto";
import { safeEqual } from "../../lib";
import { httpFailure, networkFailure } from "../delivery-error";
import { HTTP_TIMEOUT_MS, type ChannelSender, type Envelope, type SendResult } from "./channel";

export interface WebhookOptions {
  url: string;
  secret: string;
}

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the timestamp is signed so a replay can be dated. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * What a receiver does (docs/guides/messaging.md): recompute the signature over the raw body,
 * compare in constant time, and refuse a timestamp older than the tolerance.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const now = options.now ?? Date.now() / 1000;
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  return safeEqual(webhookSignature(secret, timestamp, rawBody), signature);
}

/** SMS through the operator's own gateway: a signed JSON POST; any 2xx means accepted. */
export class WebhookSmsChannel implements ChannelSender {
  readonly name = "webhook" as const;
  constructor(private readonly options: WebhookOptions) {}

  async send(message: Envelope): Promise<SendResult> {
    const body = JSON.stringify({ to: message.to, text: message.text, messageId: message.id });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Admit-Timestamp": timestamp,
          "X-Admit-Signature": webhookSignature(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (error) {
      throw networkFailure("SMS webhook", error);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) throw httpFailure("SMS webhook", response.status, text.slice(0, 200));
    return { transport: "webhook", providerId: response.headers.get("x-message-id") ?? undefined };
  }

  async close(): Promise<void> {}
}
