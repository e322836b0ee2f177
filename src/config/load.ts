import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { randomToken } from "../lib";
import { notifyConfig, type NotifyConfig } from "./notify";
import { configSchema, SETTINGS } from "./schema";

export type DatabaseConfig =
  { kind: "sqlite"; path: string } | { kind: "mysql"; url: string; poolSize: number };

export interface Config {
  env: "development" | "test" | "production";
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseConfig;
  dataDir: string;
  appSecret: string;
  autoMigrate: boolean;
  seedDemo: boolean;
  logLevel: string;
  trustProxy: boolean | number | string;
  jsonBodyLimit: string;
  sessionTtlMs: number;
  shutdownGraceMs: number;
  provisioningLogRetentionDays: number;
  /** Sent/failed outbox messages and finished imports older than these are pruned. */
  outboxRetentionDays: number;
  importRetentionDays: number;
  /** Largest accepted .xlsx upload (IMPORT_MAX_BYTES). */
  importMaxBytes: number;
  notify: NotifyConfig;
  /** Directory-change webhooks (src/webhooks); delivered wherever the outbox is (OUTBOX_WORKER). */
  webhooks: { maxAttempts: number; retentionDays: number; allowPrivateNetworks?: boolean };
  /** The platform operators' organisation (PLATFORM_ORGANISATION): its administrators manage organisations. */
  platformOrganisation?: string;
  /** Shared rate limits (REDIS_URL); unset: each instance counts in memory. */
  redisUrl?: string;
  /** Self sign-up limits; tests lower them (src/signup/limits.ts has every one and its default). */
  signupLimits?: {
    perIp?: number;
    perIdentifier?: number;
    smsPerNumber?: number;
    smsPerOrganisation?: number;
    minimumAnswerMs?: number;
  };
  /**
   * How long a "send me a link" answer (/activate, /forgot) takes at least, whoever asked
   * (SelfService, 300 ms by default); a test on a slow machine raises it.
   */
  linkAnswerMs?: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const KNOWN = new Set(SETTINGS.map((s) => s.key));

/**
 * Reads the environment once, validates every setting and reports all problems together.
 * Outside production a missing APP_SECRET is generated and kept in DATA_DIR so that
 * sessions and tokens survive a restart.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const input: Record<string, string> = {};
  for (const key of KNOWN) {
    const value = env[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(config)"} ${i.message}`));
  }
  const raw = parsed.data;
  const dataDir = resolve(raw.DATA_DIR);
  const database: DatabaseConfig = raw.DATABASE_URL.startsWith("sqlite:")
    ? { kind: "sqlite", path: raw.DATABASE_URL.slice("sqlite:".length) }
    : { kind: "mysql", url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE };
  const embedded = database.kind === "sqlite";
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, "");
  return {
    env: raw.NODE_ENV,
    port: raw.PORT,
    host: raw.HOST,
    publicUrl,
    database,
    dataDir,
    appSecret: raw.APP_SECRET ?? persistedSecret(dataDir),
    autoMigrate: raw.AUTO_MIGRATE ?? embedded,
    seedDemo: raw.SEED_DEMO ?? (embedded && raw.NODE_ENV !== "production"),
    logLevel: raw.LOG_LEVEL,
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    jsonBodyLimit: raw.JSON_BODY_LIMIT,
    sessionTtlMs: raw.SESSION_TTL_HOURS * 3_600_000,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    provisioningLogRetentionDays: raw.PROVISIONING_LOG_RETENTION_DAYS,
    outboxRetentionDays: raw.OUTBOX_RETENTION_DAYS,
    importRetentionDays: raw.IMPORT_RETENTION_DAYS,
    importMaxBytes: raw.IMPORT_MAX_BYTES,
    notify: notifyConfig(raw, publicUrl),
    webhooks: {
      maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS,
      retentionDays: raw.WEBHOOK_RETENTION_DAYS,
      allowPrivateNetworks: raw.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? raw.NODE_ENV !== "production",
    },
    redisUrl: raw.REDIS_URL,
    platformOrganisation: raw.PLATFORM_ORGANISATION,
    signupLimits: { perIp: raw.SIGNUP_PER_IP_PER_HOUR, smsPerOrganisation: raw.SIGNUP_SMS_PER_ORG_PER_HOUR },
  };
}

function persistedSecret(dataDir: string): string {
  const file = join(dataDir, "app-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomToken(48);
  // "wx": if two processes start at once, one writes and the other reads the winner's secret.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim();
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** The content of config/example.env, generated from the documented settings. */
export function renderExampleEnv(): string {
  const lines = [
    "# Generated from src/config/schema.ts by `npm run config:example`. Do not edit by hand.",
    "",
  ];
  for (const setting of SETTINGS) {
    lines.push(`# ${setting.description}`, `${setting.key}=${setting.example}`, "");
  }
  return lines.join("\n");
}
