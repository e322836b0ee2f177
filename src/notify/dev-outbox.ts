import type { DataSource } from "typeorm";
import { OutboxMessage } from "./outbox-message.entity";
import type { Sealer } from "./sealed";
import type { Channel, DeliveryStatus } from "./types";

/** A stored message as the dev outbox shows it: the content when it is still kept. */
export interface DevMessage {
  id: string;
  organisationId: string;
  channel: Channel;
  purpose: string;
  status: DeliveryStatus;
  transport: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The full address while the body is kept (dev-outbox messages), otherwise masked. */
  to: string;
  subject?: string;
  text?: string;
  html?: string;
  fromName?: string;
  replyTo?: string;
}

/** Reads the outbox for /dev/outbox. Mounted only outside production (see devOutboxRouter). */
export class DevOutboxReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: Sealer,
  ) {}

  async list(limit = 200): Promise<DevMessage[]> {
    const rows = await this.dataSource.manager.find(OutboxMessage, {
      order: { createdAt: "DESC", id: "DESC" },
      take: limit,
    });
    return rows.map((row) => this.view(row));
  }

  async get(id: string): Promise<DevMessage | undefined> {
    const row = await this.dataSource.manager.findOneBy(OutboxMessage, { id });
    return row ? this.view(row) : undefined;
  }

  private view(row: OutboxMessage): DevMessage {
    const base: DevMessage = {
      id: row.id,
      organisationId: row.organisationId,
      channel: row.channel,
      purpose: row.purpose,
      status: row.status,
      transport: row.transport,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      to: row.recipientMasked,
    };
    if (!row.payload) return base;
    try {
      return { ...base, ...this.sealer.open(row.id, row.payload) };
    } catch {
      return base; // sealed under another APP_SECRET: show what the row itself says
    }
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Every http(s) link in the text and in the HTML's href attributes, once each, in order. */
export function extractLinks(text?: string, html?: string): string[] {
  const found: string[] = [];
  for (const match of (text ?? "").matchAll(/https?:\/\/[^\s<>"')\]]+/g)) found.push(match[0]);
  for (const match of (html ?? "").matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    found.push(decodeEntities((match[1] ?? match[2] ?? "").trim()));
  }
  return [...new Set(found.map((link) => link.replace(/[.,;:!?]+$/, "")))].filter((link) =>
    /^https?:\/\//i.test(link),
  );
}
