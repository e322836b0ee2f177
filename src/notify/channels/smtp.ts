import nodemailer from "nodemailer";
import { DeliveryError } from "../delivery-error";
import type { ChannelSender, Envelope, SendResult } from "./channel";

export interface SmtpOptions {
  url: string;
  /** `Name <address>` or a bare address. */
  from: string;
  maxConnections: number;
}

/** `Admit <no-reply@x>` → { name, address }; a message's own fromName replaces the name. */
export function parseFrom(from: string): { name: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1] ?? "", address: match[2] ?? "" } : { name: "", address: from.trim() };
}

/**
 * SMTP through a nodemailer pool: a few long-lived connections carry many messages, which is
 * where the throughput comes from (docs/PERFORMANCE.md). The timeouts are far shorter than
 * nodemailer's defaults (2 and 10 minutes) so that a send always ends inside the claim lease.
 */
export class SmtpChannel implements ChannelSender {
  readonly name = "smtp" as const;
  private readonly transporter;
  private readonly from: { name: string; address: string };

  constructor(options: SmtpOptions) {
    this.from = parseFrom(options.from);
    this.transporter = nodemailer.createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.maxConnections,
      maxMessages: 1000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      // A refused connection fails the send; the outbox's own backoff decides when to retry.
      maxRequeues: 1,
    });
  }

  async send(message: Envelope): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        from: { name: message.fromName ?? this.from.name, address: this.from.address },
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject ?? "",
        text: message.text,
        html: message.html,
        headers: { "Auto-Submitted": "auto-generated", "X-Admit-Message-Id": message.id },
      });
      return { transport: "smtp", providerId: info.messageId };
    } catch (error) {
      throw smtpFailure(error);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/**
 * A 5xx reply to the envelope or the data (RFC 5321 §4.2.1: permanent) fails the message; a
 * 4xx, a lost connection, a timeout, or a login the operator still has to fix makes it wait.
 */
export function smtpFailure(error: unknown): DeliveryError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = e.responseCode ? `${e.response ?? e.message ?? ""}` : (e.message ?? String(error));
  const aboutTheMessage = e.code === "EENVELOPE" || e.code === "EMESSAGE";
  const permanent =
    aboutTheMessage && e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode !== 503;
  return new DeliveryError(`SMTP ${e.code ?? "error"}: ${reply}`, permanent, { cause: error });
}
