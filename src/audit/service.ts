import type { DataSource, EntityManager } from "typeorm";
import { newId, type Clock, type Logger } from "../lib";
import { AuditEvent, type AuditActorKind } from "./entity";

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  label: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  target: { type: string; id?: string | null; label: string };
  summary?: string;
}

export interface AuditQuery {
  /** Matches the start of the actor's label. */
  actor?: string;
  /** Matches the start of the action ("user." gives every user action). */
  action?: string;
  targetType?: string;
  targetId?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  items: AuditEvent[];
  page: number;
  pageSize: number;
  total: number;
}

const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);
const escapeLike = (value: string) => value.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * The audit log. `record` takes the transaction of the change when the caller has one (the row
 * then commits or rolls back with it); otherwise it is written right after the successful change.
 */
export class AuditLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(organisationId: string, entry: AuditEntry, tx?: EntityManager): Promise<void> {
    const row: AuditEvent = {
      id: newId(),
      organisationId,
      at: this.clock.now(),
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      actorLabel: clip(entry.actor.label || "?", 200),
      action: clip(entry.action, 64),
      targetType: clip(entry.target.type, 32),
      targetId: entry.target.id ?? null,
      targetLabel: clip(entry.target.label, 200),
      summary: clip(entry.summary ?? "", 500),
    };
    await (tx ?? this.dataSource.manager).insert(AuditEvent, row);
  }

  /**
   * For writes already committed: a failure to write the audit row is logged loudly but does not
   * turn the admin's successful change into an error page.
   */
  async recordAfter(organisationId: string, entry: AuditEntry): Promise<void> {
    try {
      await this.record(organisationId, entry);
    } catch (error) {
      this.logger.error({ err: error, action: entry.action, organisationId }, "audit event not written");
    }
  }

  /** Newest first, filtered and paged in the database. */
  async list(organisationId: string, query: AuditQuery): Promise<AuditPage> {
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)));
    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder("a")
      .where("a.organisationId = :organisationId", { organisationId });
    if (query.actor?.trim())
      qb.andWhere("LOWER(a.actorLabel) LIKE :actor ESCAPE '!'", {
        actor: `${escapeLike(query.actor.trim().toLowerCase())}%`,
      });
    if (query.action?.trim())
      qb.andWhere("a.action LIKE :action ESCAPE '!'", { action: `${escapeLike(query.action.trim())}%` });
    if (query.targetType) qb.andWhere("a.targetType = :targetType", { targetType: query.targetType });
    if (query.targetId) qb.andWhere("a.targetId = :targetId", { targetId: query.targetId });
    const [items, total] = await qb
      .orderBy("a.at", "DESC")
      .addOrderBy("a.id", "DESC")
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, page, pageSize, total };
  }
}
