import type { DataSource } from "typeorm";
import type { SessionService } from "../auth";
import type { WithTransaction } from "../db";
import type { Directory } from "../directory";
import type { Clock, Logger } from "../lib";
import type { Outbox } from "./outbox";
import type { SettingsService } from "./settings";
import type { TemplateService } from "./templates";
import type { TokenStore } from "./tokens";

export interface ActivationDeps {
  dataSource: DataSource;
  withTransaction: WithTransaction;
  clock: Clock;
  logger: Logger;
  directory: Directory;
  /** To sign a person out everywhere when their password is replaced. */
  sessions: SessionService;
  /** The transactional outbox (src/notify): messages are enqueued with the caller's transaction. */
  outbox: Outbox;
  /** The base of the links in messages. */
  publicUrl: string;
  appSecret: string;
}

export interface ActivationContext extends ActivationDeps {
  settings: SettingsService;
  templates: TemplateService;
  tokens: TokenStore;
}
