import type { Clock } from "../lib";
import type { ClaimedDelivery } from "./queue";
import { signWebhook } from "./signature";

/** A receiver gets this long to answer; the claim's lease is far longer. */
export const SEND_TIMEOUT_MS = 10_000;

export type SendOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * One POST of the event body, signed with the endpoint's secret at the time of sending (a
 * retry is signed afresh, so it is never outside the receiver's replay window). Any 2xx is
 * accepted; redirects are not followed (a receiver that moved must be updated by an admin).
 */
export async function sendDelivery(
  claimed: ClaimedDelivery,
  secret: string,
  clock: Clock,
): Promise<SendOutcome> {
  const { delivery, body } = claimed;
  let response: Response;
  try {
    response = await fetch(claimed.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Admit-Webhooks/1",
        "Admit-Signature": signWebhook(secret, body, clock.now().getTime() / 1000),
        "Admit-Event-Id": delivery.eventId,
        "Admit-Event-Type": delivery.eventType,
        "Admit-Delivery-Id": delivery.id,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, error: `network: ${cause ?? message}`.slice(0, 1000) };
  }
  // The receiver's answer is read (so the connection can be reused) but only its start is kept.
  const text = await response.text().catch(() => "");
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  return {
    ok: false,
    status: response.status,
    error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
  };
}
