import type { EntityManager } from "typeorm";
import type { Organisation, User } from "../directory";
import type { ActivationContext } from "./context";
import type { OutgoingMessage } from "./outbox";
import { renderTemplate, type MessagePurpose, type Values } from "./render";
import type { Route } from "./routing";
import type { CommunicationSettings } from "./settings";

/** An absolute link to one of the organisation's pages, for a message. */
export function pageLink(ctx: ActivationContext, org: Organisation, path: string): string {
  return `${ctx.publicUrl.replace(/\/+$/, "")}/o/${org.slug}/${path}`;
}

export interface Delivery {
  org: Organisation;
  settings: CommunicationSettings;
  user: User;
  route: NonNullable<Route>;
  purpose: MessagePurpose;
  values: Values;
}

/**
 * Renders the message in the person's language and enqueues it in the caller's transaction:
 * it is committed with the change that caused it (a token, a password), or not at all.
 */
export async function enqueueMessage(
  ctx: ActivationContext,
  tx: EntityManager,
  d: Delivery,
): Promise<string> {
  const { template } = await ctx.templates.forRecipient(tx, d.org, d.purpose, d.user.language);
  const rendered = renderTemplate(template, {
    firstName: d.user.firstName,
    lastName: d.user.lastName,
    organisation: d.org.name,
    ...d.values,
  });
  const base = { organisationId: d.org.id, userId: d.user.id, to: d.route.to, purpose: d.purpose };
  const message: OutgoingMessage =
    d.route.channel === "sms"
      ? { ...base, channel: "sms", text: rendered.sms }
      : {
          ...base,
          channel: "email",
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          fromName: d.settings.senderName ?? d.org.name,
          ...(d.settings.replyTo ? { replyTo: d.settings.replyTo } : {}),
        };
  return ctx.outbox.enqueue(tx, message);
}
