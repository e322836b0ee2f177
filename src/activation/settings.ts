import type { DataSource, EntityManager } from "typeorm";
import { selectOne, uniqueViolation, type WithTransaction } from "../db";
import type { UserSource } from "../directory";
import type { Clock } from "../lib";
import { CommunicationSettingsRow } from "./entities";

/** The sources an automatic activation can follow; SSO users never get one (they have SSO). */
export const AUTO_SEND_SOURCES = ["scim", "import", "manual", "signup"] as const;
export type AutoSendSource = (typeof AUTO_SEND_SOURCES)[number];

export interface CommunicationSettings {
  autoSend: Record<AutoSendSource, boolean>;
  smsEnabled: boolean;
  senderName: string | null;
  replyTo: string | null;
  linkLifetimeHours: number;
  oneTimePasswordLifetimeHours: number;
  updatedAt: Date | null;
}

export type SettingsUpdate = Partial<Omit<CommunicationSettings, "autoSend" | "updatedAt">> & {
  autoSend?: Partial<Record<AutoSendSource, boolean>>;
};

/**
 * Until an administrator decides otherwise, nothing is sent on its own except to people who
 * signed up themselves (who asked for it): a first SCIM sync or an import must not mail
 * thousands of people before the organisation is ready.
 */
export const DEFAULT_SETTINGS: CommunicationSettings = {
  autoSend: { scim: false, import: false, manual: false, signup: true },
  smsEnabled: false,
  senderName: null,
  replyTo: null,
  linkLifetimeHours: 7 * 24,
  oneTimePasswordLifetimeHours: 7 * 24,
  updatedAt: null,
};

function fromRow(row: CommunicationSettingsRow): CommunicationSettings {
  const sources = new Set(row.autoSendSources);
  return {
    autoSend: Object.fromEntries(AUTO_SEND_SOURCES.map((s) => [s, sources.has(s)])) as Record<
      AutoSendSource,
      boolean
    >,
    smsEnabled: row.smsEnabled,
    senderName: row.senderName,
    replyTo: row.replyTo,
    linkLifetimeHours: row.linkLifetimeHours,
    oneTimePasswordLifetimeHours: row.oneTimePasswordLifetimeHours,
    updatedAt: row.updatedAt,
  };
}

export function autoSends(settings: CommunicationSettings, source: UserSource): boolean {
  return source !== "sso" && settings.autoSend[source];
}

export class SettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly withTransaction: WithTransaction,
    private readonly clock: Clock,
  ) {}

  /** Pass the transaction's manager when called inside one (the creation hook does). */
  async get(organisationId: string, manager?: EntityManager): Promise<CommunicationSettings> {
    const em = manager ?? this.dataSource.manager;
    const row = await selectOne(em, CommunicationSettingsRow, { organisationId });
    return row ? fromRow(row) : { ...DEFAULT_SETTINGS, autoSend: { ...DEFAULT_SETTINGS.autoSend } };
  }

  /** Fields not given keep their value. One statement per write: the last writer wins whole. */
  async update(organisationId: string, input: SettingsUpdate): Promise<CommunicationSettings> {
    return this.withTransaction((tx) => this.write(tx, organisationId, input));
  }

  private async write(tx: EntityManager, organisationId: string, input: SettingsUpdate) {
    const current = await this.get(organisationId, tx);
    const autoSend = { ...current.autoSend, ...input.autoSend };
    const now = this.clock.now();
    const row = Object.assign(new CommunicationSettingsRow(), {
      organisationId,
      autoSendSources: AUTO_SEND_SOURCES.filter((s) => autoSend[s]),
      smsEnabled: input.smsEnabled ?? current.smsEnabled,
      senderName: input.senderName !== undefined ? input.senderName : current.senderName,
      replyTo: input.replyTo !== undefined ? input.replyTo : current.replyTo,
      linkLifetimeHours: input.linkLifetimeHours ?? current.linkLifetimeHours,
      oneTimePasswordLifetimeHours:
        input.oneTimePasswordLifetimeHours ?? current.oneTimePasswordLifetimeHours,
      createdAt: now,
      updatedAt: now,
    });
    const { createdAt: _c, organisationId: _o, ...changes } = row;
    if (current.updatedAt) await tx.update(CommunicationSettingsRow, { organisationId }, changes);
    else {
      // Two first writes at once: the loser's insert hits the primary key and becomes an update.
      await tx.insert(CommunicationSettingsRow, row).catch(async (error: unknown) => {
        if (!uniqueViolation(error)) throw error;
        await tx.update(CommunicationSettingsRow, { organisationId }, changes);
      });
    }
    return fromRow(row);
  }
}
