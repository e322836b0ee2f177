import type { Channel } from "./outbox";

/** Where a message to a person goes, or null when it cannot go anywhere. */
export type Route = { channel: Channel; to: string } | null;

export interface Reachable {
  email: string | null;
  phone: string | null;
}

/**
 * The help center's rule, for activation and password reset alike: when the organisation's
 * package includes SMS and the person has a phone, SMS — even when they also have an email
 * ("users with both an email and a phone number will receive SMS notifications regardless");
 * otherwise email when they have one; otherwise nothing, and they need a one-time password.
 */
export function routeFor(user: Reachable, smsEnabled: boolean): Route {
  if (smsEnabled && user.phone) return { channel: "sms", to: user.phone };
  if (user.email) return { channel: "email", to: user.email };
  return null;
}
