/**
 * What a channel throws when a send did not go through. `permanent` decides between trying
 * again later (the server is down, busy or rate-limiting us) and failing the message at once
 * (the provider refused this message, and would refuse it again).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DeliveryError";
  }
}

/** An HTTP provider's answer: 429 and 5xx are worth retrying, any other 4xx is not. */
export function httpFailure(provider: string, status: number, detail: string): DeliveryError {
  const permanent = status >= 400 && status < 500 && status !== 429 && status !== 408;
  return new DeliveryError(`${provider} ${status}: ${detail || "no detail"}`, permanent);
}

/** fetch() itself failed: refused, reset, DNS, or our own timeout. All transient. */
export function networkFailure(provider: string, error: unknown): DeliveryError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const reason =
    e.name === "TimeoutError" || e.name === "AbortError"
      ? "timed out"
      : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(error));
  return new DeliveryError(`${provider} unreachable: ${reason}`, false, { cause: error });
}

/**
 * Exponential backoff with jitter: base·2^(attempts-1), capped, then spread over its upper
 * half so that a batch failed together does not come back together.
 */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}
