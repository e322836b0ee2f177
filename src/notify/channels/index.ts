import type { NotifyConfig } from "../../config";
import { DeliveryError } from "../delivery-error";
import type { Channel } from "../types";
import type { ChannelSender, SendResult } from "./channel";
import { SmtpChannel } from "./smtp";
import { TwilioSmsChannel } from "./twilio";
import { WebhookSmsChannel } from "./webhook";

export type { ChannelSender, Envelope, SendResult } from "./channel";
export { SmtpChannel, parseFrom, smtpFailure } from "./smtp";
export { TwilioSmsChannel } from "./twilio";
export { WebhookSmsChannel, webhookSignature, verifyWebhookSignature } from "./webhook";

/**
 * The dev outbox: with nothing configured outside production, a message is "sent" by keeping
 * it (sealed, as always) for /dev/outbox, so the activation link can be clicked from there.
 */
export class DevOutbox implements ChannelSender {
  readonly name = "dev" as const;
  async send(): Promise<SendResult> {
    return { transport: "dev", keepBody: true };
  }
  async close(): Promise<void> {}
}

/** Production without a configuration for the channel: fail at once with a reason an operator can act on. */
export class Unconfigured implements ChannelSender {
  readonly name = "unconfigured" as const;
  constructor(private readonly reason: string) {}
  async send(): Promise<SendResult> {
    throw new DeliveryError(this.reason, true);
  }
  async close(): Promise<void> {}
}

export type Channels = Record<Channel, ChannelSender>;

export function createChannels(config: NotifyConfig, production: boolean): Channels {
  const email = config.smtp
    ? new SmtpChannel(config.smtp)
    : production
      ? new Unconfigured("Email is not configured (set SMTP_URL)")
      : new DevOutbox();
  const sms =
    config.sms?.provider === "twilio"
      ? new TwilioSmsChannel(config.sms)
      : config.sms?.provider === "webhook"
        ? new WebhookSmsChannel(config.sms)
        : production
          ? new Unconfigured("SMS is not configured (set SMS_PROVIDER)")
          : new DevOutbox();
  return { email, sms };
}
