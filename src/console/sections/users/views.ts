import type { SafeHtml } from "../../../web";

import type { ConsoleKey, ConsoleTranslate } from "../../i18n";
import { badge, type BadgeTone } from "../../ui";

const STATUS_TONE: Record<string, BadgeTone> = { active: "ok", pending: "warn", deactivated: "muted" };

export const statusBadge = (t: ConsoleTranslate, status: string): SafeHtml =>
  badge(t(`status.${status}` as ConsoleKey), STATUS_TONE[status] ?? "muted");

/** A delivery's state in words ("Sent"); an unknown state is shown as it is. */
export const deliveryLabel = (t: ConsoleTranslate, status: string): string =>
  labelOr(t, `delivery.${status}`, status);

/** The catalogue's label for `key`, or `fallback` when it has none (the translator echoes the key). */
export function labelOr(t: ConsoleTranslate, key: string, fallback: string): string {
  const label = t(key as ConsoleKey);
  return label === key ? fallback : label;
}
