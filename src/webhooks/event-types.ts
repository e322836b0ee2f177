/**
 * The event types an endpoint can subscribe to. User events mirror `directory_events` types
 * (src/directory); group events come from SCIM Groups (src/scim/groups).
 */
export const USER_EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.activated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
] as const;

export const GROUP_EVENT_TYPES = [
  "group.created",
  "group.updated",
  "group.deleted",
  "group.members_added",
  "group.members_removed",
] as const;

export type UserEventType = (typeof USER_EVENT_TYPES)[number];
export type GroupEventType = (typeof GROUP_EVENT_TYPES)[number];
export type WebhookEventType = UserEventType | GroupEventType;

export const EVENT_TYPES: readonly string[] = [...USER_EVENT_TYPES, ...GROUP_EVENT_TYPES];
const WILDCARDS = ["*", "user.*", "group.*"];

/** What a subscription may name: an event type or a wildcard of a whole family. */
export function isSubscribable(value: string): boolean {
  return EVENT_TYPES.includes(value) || WILDCARDS.includes(value);
}

export function subscribes(subscriptions: readonly string[], type: string): boolean {
  return subscriptions.some(
    (s) => s === "*" || s === type || (s.endsWith(".*") && type.startsWith(s.slice(0, -1))),
  );
}
