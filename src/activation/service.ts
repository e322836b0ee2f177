import type { EntityManager } from "typeorm";
import { Organisation, type User, type UserHook } from "../directory";
import { AppError, conflict } from "../lib";
import type { ActivationContext } from "./context";
import type { TokenPurpose } from "./entities";
import { enqueueMessage, pageLink } from "./messages";
import type { Channel } from "./outbox";
import { routeFor } from "./routing";
import { autoSends, type CommunicationSettings } from "./settings";

export interface LinkSent {
  channel: Channel;
  expiresAt: Date;
  deliveryId: string;
}

export interface BulkFilter {
  status: "pending";
  departmentId?: string;
}

export interface BulkResult {
  /** Pending users the filter matched. */
  matched: number;
  /** Messages enqueued (each replaces the person's earlier link). */
  sent: number;
  /** Users who can be reached by neither email nor SMS: they need a one-time password. */
  needsOneTimePassword: number;
}

const PAGE_OF_LINK: Record<TokenPurpose, string> = { activation: "activate", password_reset: "reset" };

export const noChannel = () =>
  new AppError(
    "activation.no_channel",
    "The user has neither an email address nor a phone number that SMS can reach: grant a one-time password",
    { status: 422 },
  );

/** Activation and reset links: issued, routed and enqueued in one transaction. */
export class ActivationService {
  constructor(private readonly ctx: ActivationContext) {}

  /**
   * Inside the caller's transaction: a new link by the routing rule, replacing the earlier
   * ones, and its message in the outbox. Null when the person cannot be reached at all.
   */
  async sendLink(
    tx: EntityManager,
    org: Organisation,
    user: User,
    purpose: TokenPurpose,
    known?: CommunicationSettings,
  ): Promise<LinkSent | null> {
    const settings = known ?? (await this.ctx.settings.get(org.id, tx));
    const route = routeFor(user, settings.smsEnabled);
    if (!route) return null;
    const ttlMs = settings.linkLifetimeHours * 3_600_000;
    const { token, row } = await this.ctx.tokens.issue(tx, user, purpose, ttlMs);
    const link = pageLink(this.ctx, org, `${PAGE_OF_LINK[purpose]}/${token}`);
    const deliveryId = await enqueueMessage(this.ctx, tx, {
      org,
      settings,
      user,
      route,
      purpose,
      values: { link },
    });
    await this.ctx.tokens.recordDelivery(tx, row.id, route.channel, deliveryId);
    return { channel: route.channel, expiresAt: row.expiresAt, deliveryId };
  }

  /** An administrator's "send activation" (or resend): the earlier link stops working. */
  async send(organisationId: string, userId: string): Promise<LinkSent> {
    return this.ctx.withTransaction(async (tx) => {
      const user = await this.ctx.directory.users.get(organisationId, userId, tx);
      if (user.status === "active") {
        throw conflict("activation.already_active", "The user is already active");
      }
      if (user.status === "deactivated") {
        throw conflict("activation.user_deactivated", "The user is deactivated: reactivate them first");
      }
      const org = await tx.findOneByOrFail(Organisation, { id: organisationId });
      const sent = await this.sendLink(tx, org, user, "activation");
      if (!sent) throw noChannel();
      return sent;
    });
  }

  /** "Send activation" to every pending user matching the filter, one transaction each. */
  async sendMany(organisationId: string, filter: BulkFilter): Promise<BulkResult> {
    const result: BulkResult = { matched: 0, sent: 0, needsOneTimePassword: 0 };
    const { users } = this.ctx.directory;
    for (let page = 1; ; page += 1) {
      const batch = await users.list(organisationId, { ...filter, page, pageSize: 200 });
      for (const item of batch.items) {
        result.matched += 1;
        const sent = await this.ctx.withTransaction(async (tx) => {
          const user = await users.get(organisationId, item.id, tx);
          if (user.status !== "pending") return undefined;
          const org = await tx.findOneByOrFail(Organisation, { id: organisationId });
          return this.sendLink(tx, org, user, "activation");
        });
        if (sent) result.sent += 1;
        else if (sent === null) result.needsOneTimePassword += 1;
      }
      if (page * batch.pageSize >= batch.total) return result;
    }
  }

  /**
   * Runs inside every user change's transaction. A new pending user gets an activation message
   * when the organisation sends automatically for their source; SSO users never do, nor users
   * who came with a one-time password. Deactivation ends every live link.
   */
  readonly onUserChange: UserHook = async (tx, user, change, memo) => {
    if (change === "status" && user.status === "deactivated") {
      await this.ctx.tokens.revokeAll(tx, user.id);
      return;
    }
    if (change !== "created" || user.status !== "pending" || user.passwordHash) return;
    // Once per write: an import's chunk of new users shares one read.
    const key = `activation.settings:${user.organisationId}`;
    const settings =
      (memo.get(key) as CommunicationSettings | undefined) ??
      (await this.ctx.settings.get(user.organisationId, tx));
    memo.set(key, settings);
    if (!autoSends(settings, user.source)) return;
    const org = await tx.findOneByOrFail(Organisation, { id: user.organisationId });
    // Unreachable users are left as they are: their status says they need a one-time password.
    await this.sendLink(tx, org, user, "activation", settings);
  };
}
