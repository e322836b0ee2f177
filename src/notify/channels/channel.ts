import type { Transport } from "../outbox-message.entity";
import type { SealedContent } from "../sealed";
import type { Channel } from "../types";

/** One message as a channel sees it: the opened content plus what identifies it. */
export interface Envelope extends SealedContent {
  id: string;
  channel: Channel;
  purpose: string;
  organisationId: string;
}

export interface SendResult {
  transport: Transport;
  /** The provider's id for the accepted message (SMTP Message-ID, Twilio SID). */
  providerId?: string;
  /** Keep the sealed body after sending (the dev outbox shows it); real transports wipe it. */
  keepBody?: boolean;
}

/**
 * A way out for one channel. `send` resolves once the provider accepted the message and throws
 * a DeliveryError (permanent or not) otherwise; anything else thrown counts as transient.
 */
export interface ChannelSender {
  readonly name: Transport | "unconfigured";
  send(message: Envelope): Promise<SendResult>;
  close(): Promise<void>;
}

/** How long one HTTP request to a provider may take; well inside the claim lease. */
export const HTTP_TIMEOUT_MS = 15_000;
