import { checkOneTimePasswordPolicy, generatePassword, hashPassword } from "../auth";
import { Organisation } from "../directory";
import { conflict } from "../lib";
import type { ActivationContext } from "./context";
import { enqueueMessage, pageLink } from "./messages";
import type { Channel } from "./outbox";
import { routeFor } from "./routing";
import { noChannel } from "./service";

export interface GrantInput {
  /** Typed by the administrator (8+ characters); generated when absent. */
  password?: string;
  /** Also send it to the person by the routing rule (email or SMS). */
  send?: boolean;
}

export interface Grant {
  userId: string;
  /** Only when generated: shown this once, stored nowhere in clear. */
  password: string | undefined;
  expiresAt: Date;
  sentBy: Channel | null;
}

/**
 * A one-time password: stored hashed with passwordMustChange and an expiry. The person signs in
 * with it and must choose their own password before anything else (/o/{org}/password).
 */
export async function grantOneTimePassword(
  ctx: ActivationContext,
  organisationId: string,
  userId: string,
  input: GrantInput,
): Promise<Grant> {
  if (input.password !== undefined) checkOneTimePasswordPolicy(input.password);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return ctx.withTransaction(async (tx) => {
    const { users } = ctx.directory;
    const user = await users.get(organisationId, userId, tx);
    if (user.status === "deactivated") {
      throw conflict("activation.user_deactivated", "The user is deactivated: reactivate them first");
    }
    const settings = await ctx.settings.get(organisationId, tx);
    const route = input.send ? routeFor(user, settings.smsEnabled) : null;
    if (input.send && !route) throw noChannel();
    const expiresAt = new Date(ctx.clock.now().getTime() + settings.oneTimePasswordLifetimeHours * 3_600_000);
    await users.setPassword(organisationId, user.id, passwordHash, true, tx, expiresAt);
    // Whoever was signed in with the old password is signed out.
    await ctx.sessions.endAllFor(user.id, undefined, tx);
    if (route) {
      const org = await tx.findOneByOrFail(Organisation, { id: organisationId });
      const values = { password, link: pageLink(ctx, org, "login") };
      await enqueueMessage(ctx, tx, { org, settings, user, route, purpose: "one_time_password", values });
    }
    return {
      userId: user.id,
      password: input.password === undefined ? password : undefined,
      expiresAt,
      sentBy: route?.channel ?? null,
    };
  });
}
