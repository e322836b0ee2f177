import type { Organisation, User } from "../directory";
import type { ActivationContext } from "./context";
import { enqueueMessage, pageLink } from "./messages";
import type { Channel } from "./outbox";
import { routeFor } from "./routing";

/**
 * "Someone tried to sign up with your details" (purpose signup_attempt), sent to the owner of
 * an existing account instead of creating a second one: the sign-up form answers the same
 * either way, and only the owner learns that the account exists. The link leads to "Forgot
 * your password?" (people who sign in with SSO: to the login page), which applies the usual
 * rules for who gets which link. Null when the person cannot be reached.
 */
export async function sendSignupAttemptNotice(
  ctx: ActivationContext,
  org: Organisation,
  user: User,
): Promise<Channel | null> {
  return ctx.withTransaction(async (tx) => {
    const settings = await ctx.settings.get(org.id, tx);
    const route = routeFor(user, settings.smsEnabled);
    if (!route) return null;
    const link = pageLink(ctx, org, user.source === "sso" ? "login" : "forgot");
    await enqueueMessage(ctx, tx, {
      org,
      settings,
      user,
      route,
      purpose: "signup_attempt",
      values: { link },
    });
    return route.channel;
  });
}
