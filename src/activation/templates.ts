import type { DataSource, EntityManager } from "typeorm";
import { uniqueViolation, type WithTransaction } from "../db";
import { normalizeLanguage, type Organisation } from "../directory";
import { invalid, newId, notFound, type Clock } from "../lib";
import { defaultTemplate } from "./default-templates";
import { MessageTemplateRow } from "./entities";
import { checkTemplate, MESSAGE_PURPOSES, type MessagePurpose, type Template } from "./render";

export interface TemplateView extends Template {
  purpose: MessagePurpose;
  language: string;
  /** True while the organisation has not written its own: the built-in wording is shown. */
  isDefault: boolean;
  updatedAt: Date | null;
}

const partsOf = (t: Template): Template => ({ subject: t.subject, html: t.html, text: t.text, sms: t.sms });

export function parsePurpose(value: string): MessagePurpose {
  if (!(MESSAGE_PURPOSES as readonly string[]).includes(value)) {
    throw notFound(`Message purpose "${value}"`, "activation.unknown_purpose");
  }
  return value as MessagePurpose;
}

/** Message templates per organisation, purpose and language, over built-in English and Danish. */
export class TemplateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly withTransaction: WithTransaction,
    private readonly clock: Clock,
  ) {}

  /** One of the organisation's languages (templates exist for the languages its users have). */
  languageOf(org: Organisation, value: string): string {
    const language = normalizeLanguage(value, "language");
    if (!org.languages.includes(language)) {
      throw invalid(
        "activation.language_not_enabled",
        `"${language}" is not one of the organisation's languages (${org.languages.join(", ")})`,
        "language",
      );
    }
    return language;
  }

  async get(org: Organisation, purpose: MessagePurpose, language: string): Promise<TemplateView> {
    const row = await this.dataSource.manager.findOneBy(MessageTemplateRow, {
      organisationId: org.id,
      purpose,
      language,
    });
    if (row) return { purpose, language, ...partsOf(row), isDefault: false, updatedAt: row.updatedAt };
    const fallback =
      defaultTemplate(purpose, language) ??
      defaultTemplate(purpose, language.split("-")[0] ?? language) ??
      (defaultTemplate(purpose, "en") as Template);
    return { purpose, language, ...fallback, isDefault: true, updatedAt: null };
  }

  async put(
    org: Organisation,
    purpose: MessagePurpose,
    language: string,
    input: Template,
  ): Promise<TemplateView> {
    const template = partsOf(input);
    checkTemplate(purpose, template);
    return this.withTransaction((tx) => this.write(tx, org, purpose, language, template));
  }

  private async write(
    tx: EntityManager,
    org: Organisation,
    purpose: MessagePurpose,
    language: string,
    template: Template,
  ) {
    const now = this.clock.now();
    const where = { organisationId: org.id, purpose, language };
    const update = () => tx.update(MessageTemplateRow, where, { ...template, updatedAt: now });
    const existing = await tx.findOneBy(MessageTemplateRow, where);
    if (existing) await update();
    else {
      const row = { id: newId(), ...where, ...template, createdAt: now, updatedAt: now };
      // A concurrent first write of the same template: the unique key decides, the loser updates.
      await tx.insert(MessageTemplateRow, row).catch(async (error: unknown) => {
        if (!uniqueViolation(error)) throw error;
        await update();
      });
    }
    return { purpose, language, ...template, isDefault: false, updatedAt: now };
  }

  /**
   * The template a person gets: their language, its base language, the organisation's default
   * language, then English — the organisation's own wording before the built-in one at each step.
   */
  async forRecipient(
    em: EntityManager,
    org: Organisation,
    purpose: MessagePurpose,
    userLanguage: string,
  ): Promise<{ language: string; template: Template }> {
    const candidates = [
      ...new Set([userLanguage, userLanguage.split("-")[0] ?? userLanguage, org.defaultLanguage, "en"]),
    ];
    const rows = await em.findBy(MessageTemplateRow, { organisationId: org.id, purpose });
    for (const language of candidates) {
      const own = rows.find((r) => r.language.toLowerCase() === language.toLowerCase());
      if (own) return { language, template: partsOf(own) };
      const builtIn = defaultTemplate(purpose, language);
      if (builtIn) return { language, template: builtIn };
    }
    return { language: "en", template: defaultTemplate(purpose, "en") as Template };
  }
}
