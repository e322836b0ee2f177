import type { Activation } from "../activation";
import type { AuditLog } from "../audit";
import type { Auth } from "../auth";
import type { WithTransaction } from "../db";
import type { Directory } from "../directory";
import type { ImportService } from "../import";
import type { Clock, Logger } from "../lib";
import type { MappingService } from "../mapping";
import type { Outbox } from "../notify";
import type { ProvisioningLog } from "../scim";
import type { Signup } from "../signup";
import type { Sso } from "../sso";

/**
 * What the console needs from the composition root (src/app.ts `Services`). The console calls the
 * SAME services as the JSON admin API (src/admin/*-routes.ts): one path for validation and side
 * effects.
 */
export interface ConsoleDeps {
  directory: Directory;
  auth: Auth;
  activation: Activation;
  imports: ImportService;
  signup: Signup;
  sso: Sso;
  mapping: MappingService;
  /** services.scim.log */
  provisioningLog: ProvisioningLog;
  outbox: Outbox;
  /** Who changed what and when (src/audit); record after each successful console write. */
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** e.g. "https://admit.example.com" (no trailing slash), for SCIM base URLs, SP metadata… */
  publicUrl: string;
  /**
   * The transaction runner: a console write and its audit row commit together where the service
   * takes the caller's transaction (users, new catalogue entries). Absent: audit after the commit.
   */
  withTransaction?: WithTransaction;
  /** PLATFORM_ORGANISATION: the slug whose administrators are platform operators (operator.ts). */
  platformOrganisation?: string;
}
