import type { RawConfig } from "./schema";

/** Where messages go. A channel left unset uses the dev outbox, or fails its messages in production. */
export interface NotifyConfig {
  smtp?: { url: string; from: string; maxConnections: number };
  sms?:
    | { provider: "twilio"; accountSid: string; authToken: string; from: string; baseUrl: string }
    | { provider: "webhook"; url: string; secret: string };
  /** inprocess: `start()` runs the dispatcher; off: only `admit worker` delivers. */
  worker: "inprocess" | "off";
  maxAttempts: number;
  pollMs: number;
}

/** Maps the validated settings (the schema already required every credential of the chosen provider). */
export function notifyConfig(raw: RawConfig, publicUrl: string): NotifyConfig {
  const sms: NotifyConfig["sms"] =
    raw.SMS_PROVIDER === "twilio"
      ? {
          provider: "twilio",
          accountSid: raw.TWILIO_ACCOUNT_SID ?? "",
          authToken: raw.TWILIO_AUTH_TOKEN ?? "",
          from: raw.TWILIO_FROM ?? "",
          baseUrl: raw.TWILIO_BASE_URL.replace(/\/+$/, ""),
        }
      : raw.SMS_PROVIDER === "webhook"
        ? { provider: "webhook", url: raw.SMS_WEBHOOK_URL ?? "", secret: raw.SMS_WEBHOOK_SECRET ?? "" }
        : undefined;
  return {
    smtp: raw.SMTP_URL
      ? {
          url: raw.SMTP_URL,
          from: raw.SMTP_FROM ?? `Admit <no-reply@${new URL(publicUrl).hostname}>`,
          maxConnections: raw.SMTP_MAX_CONNECTIONS,
        }
      : undefined,
    sms,
    worker: raw.OUTBOX_WORKER,
    maxAttempts: raw.OUTBOX_MAX_ATTEMPTS,
    pollMs: raw.OUTBOX_POLL_MS,
  };
}
