import { In, LessThan, type DataSource } from "typeorm";
import type { WithTransaction } from "../db";
import { AppError, notFound, type Clock } from "../lib";
import { WebhookDelivery, WebhookEndpoint, WebhookEvent, type DeliveryStatus } from "./entities";
import { newDelivery } from "./recorder";

export interface DeliveryQuery {
  status?: DeliveryStatus;
  eventType?: string;
  page?: number;
  pageSize?: number;
}

export interface DeliveryPage {
  items: WebhookDelivery[];
  total: number;
  page: number;
  pageSize: number;
}

const endpointMissing = () => notFound("Webhook endpoint", "webhooks.endpoint_not_found");

/** The delivery log of an endpoint, redelivery, and pruning of settled rows. */
export class WebhookDeliveries {
  constructor(
    private readonly deps: {
      dataSource: DataSource;
      withTransaction: WithTransaction;
      clock: Clock;
      onQueued?: () => void;
    },
  ) {}

  /** Newest first, filtered and paged in the database. */
  async list(organisationId: string, endpointId: string, query: DeliveryQuery): Promise<DeliveryPage> {
    const em = this.deps.dataSource.manager;
    if (!(await em.existsBy(WebhookEndpoint, { id: endpointId, organisationId }))) throw endpointMissing();
    const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50));
    const page = Math.max(1, query.page ?? 1);
    const [items, total] = await em.findAndCount(WebhookDelivery, {
      where: {
        organisationId,
        endpointId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.eventType ? { eventType: query.eventType } : {}),
      },
      order: { seq: "DESC" },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  /** One delivery with the exact body it sends (for support: what did the receiver get?). */
  async get(organisationId: string, endpointId: string, deliveryId: string) {
    const em = this.deps.dataSource.manager;
    const delivery = await em.findOneBy(WebhookDelivery, { id: deliveryId, endpointId, organisationId });
    if (!delivery) throw notFound("Delivery", "webhooks.delivery_not_found");
    const event = await em.findOneBy(WebhookEvent, { id: delivery.eventId });
    return { delivery, body: event?.body ?? null };
  }

  /**
   * Sends the event again as a NEW delivery (same event id and body: receivers deduplicate on
   * Admit-Event-Id), queued behind whatever is pending for the same subject. The original row
   * stays in the log as it was. Only a settled delivery can be redelivered; while the event is
   * already waiting for this endpoint, the waiting delivery is the answer (nothing new queued).
   */
  async redeliver(organisationId: string, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
    const mysql = this.deps.dataSource.options.type === "mysql";
    const row = await this.deps.withTransaction(async (tx) => {
      const original = await tx.findOne(WebhookDelivery, {
        where: { id: deliveryId, endpointId, organisationId },
        // Two clicks at once (MySQL): the second waits here and then sees the first's copy.
        // SQLite runs one write transaction at a time anyway.
        ...(mysql ? { lock: { mode: "pessimistic_write" as const } } : {}),
      });
      if (!original) throw notFound("Delivery", "webhooks.delivery_not_found");
      if (original.status === "pending") {
        throw new AppError("webhooks.delivery_pending", "The delivery is still pending; it will be sent", {
          status: 409,
        });
      }
      // Idempotent: while a redelivery of this event to this endpoint waits, asking again (a
      // double click, a retried API call) answers that one instead of queueing the event twice.
      const queued = await tx.findOneBy(WebhookDelivery, {
        endpointId,
        eventId: original.eventId,
        status: "pending",
      });
      if (queued) return queued;
      const copy = newDelivery(
        endpointId,
        {
          id: original.eventId,
          type: original.eventType,
          organisationId,
          subjectId: original.subjectId,
        },
        this.deps.clock.now(),
        original.id,
      );
      await tx.createQueryBuilder().insert().into(WebhookDelivery).values(copy).updateEntity(false).execute();
      return tx.findOneByOrFail(WebhookDelivery, { id: copy.id });
    });
    this.deps.onQueued?.();
    return row;
  }

  /**
   * Settled deliveries (delivered or failed) older than the retention go, then the events no
   * delivery refers to any more. Pending rows are never pruned: that would lose an event.
   */
  async prune(retentionDays: number): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - retentionDays * 86_400_000);
    return this.deps.withTransaction(async (tx) => {
      const result = await tx.delete(WebhookDelivery, {
        status: In(["delivered", "failed"]),
        settledAt: LessThan(cutoff),
      });
      await tx
        .createQueryBuilder()
        .delete()
        .from(WebhookEvent)
        .where("occurredAt < :cutoff", { cutoff })
        .andWhere("NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.eventId = webhook_events.id)")
        .execute();
      return result.affected ?? 0;
    });
  }
}
