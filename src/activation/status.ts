import type { User } from "../directory";
import type { ActivationContext } from "./context";
import type { ActivationToken } from "./entities";
import type { Channel, DeliveryRecord } from "./outbox";
import { routeFor } from "./routing";

export const ACTIVATION_STATUSES = [
  "pending",
  "sent",
  "failed",
  "activated",
  "needs_one_time_password",
] as const;
export type ActivationStatus = (typeof ACTIVATION_STATUSES)[number];

export interface ActivationStatusView {
  userId: string;
  status: ActivationStatus;
  /** Where an activation message would go now (the routing rule), null when nowhere. */
  channel: Channel | null;
  /** The latest activation link. */
  link: {
    channel: string | null;
    createdAt: Date;
    expiresAt: Date;
    usedAt: Date | null;
    replaced: boolean;
  } | null;
  /** The delivery of that link's message, as the outbox reports it. */
  delivery: Omit<DeliveryRecord, "userId"> | null;
  /** A one-time password that has not been replaced yet. */
  oneTimePassword: { expiresAt: Date | null; expired: boolean } | null;
}

/**
 * activated — the person chose a password (or was made active);
 * sent / failed / pending — the latest link's message was delivered, failed, or waits in the outbox
 *   (pending also means nothing was sent yet); a live one-time password counts as sent;
 * needs_one_time_password — nothing was sent and nothing can be: no email, no phone with SMS.
 */
export function statusOf(
  user: User,
  reachable: boolean,
  link: ActivationToken | null,
  delivery: DeliveryRecord | null,
  now: Date,
): ActivationStatus {
  if (user.status === "active" || (user.passwordHash && !user.passwordMustChange)) return "activated";
  const otpLive =
    user.passwordHash &&
    user.passwordMustChange &&
    !(user.passwordExpiresAt && user.passwordExpiresAt <= now);
  if (otpLive) return "sent";
  if (link && !link.revokedAt) {
    if (delivery?.status === "failed") return "failed";
    return delivery?.status === "pending" ? "pending" : "sent";
  }
  return reachable ? "pending" : "needs_one_time_password";
}

const withoutUser = ({ userId: _u, ...rest }: DeliveryRecord) => rest;

export async function activationStatus(
  ctx: ActivationContext,
  organisationId: string,
  userId: string,
): Promise<ActivationStatusView> {
  const em = ctx.dataSource.manager;
  const user = await ctx.directory.users.get(organisationId, userId);
  const settings = await ctx.settings.get(organisationId);
  const route = routeFor(user, settings.smsEnabled);
  const link = await ctx.tokens.latest(em, user.id, "activation");
  const deliveries = link?.deliveryId ? await ctx.outbox.deliveriesFor(organisationId, user.id) : [];
  const delivery = deliveries.find((d) => d.id === link?.deliveryId) ?? null;
  const now = ctx.clock.now();
  const hasOneTimePassword = !!user.passwordHash && user.passwordMustChange;
  return {
    userId: user.id,
    status: statusOf(user, route !== null, link, delivery, now),
    channel: route?.channel ?? null,
    link: link && {
      channel: link.channel,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      usedAt: link.usedAt,
      replaced: link.revokedAt !== null,
    },
    delivery: delivery ? withoutUser(delivery) : null,
    oneTimePassword: hasOneTimePassword
      ? {
          expiresAt: user.passwordExpiresAt,
          expired: !!user.passwordExpiresAt && user.passwordExpiresAt <= now,
        }
      : null,
  };
}
