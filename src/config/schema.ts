import { z } from "zod";

/**
 * Every setting Admit reads, in one place. `config/example.env` is generated from
 * `SETTINGS` (npm run config:example) and a test fails when it is stale.
 */
export interface SettingDoc {
  key: string;
  description: string;
  example: string;
}

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

export const SETTINGS: SettingDoc[] = [
  {
    key: "NODE_ENV",
    description: "development | test | production. Production requires APP_SECRET.",
    example: "development",
  },
  { key: "PORT", description: "TCP port the HTTP server listens on.", example: "3000" },
  { key: "HOST", description: "Interface to bind.", example: "0.0.0.0" },
  {
    key: "PUBLIC_URL",
    description:
      "The URL users reach Admit at (links in emails, SSO metadata). Defaults to http://localhost:PORT.",
    example: "https://admit.example.com",
  },
  {
    key: "DATABASE_URL",
    description: "sqlite:<path> (embedded, the default) or mysql://user:pass@host:3306/db (MySQL/MariaDB).",
    example: "sqlite:./data/admit.sqlite",
  },
  { key: "DATABASE_POOL_SIZE", description: "MySQL connection pool size.", example: "10" },
  {
    key: "DATA_DIR",
    description: "Where the embedded mode keeps its database and generated secrets.",
    example: "./data",
  },
  {
    key: "APP_SECRET",
    description:
      "Master secret (32+ chars) from which cookie, token and HMAC keys are derived. Generated into DATA_DIR when not production.",
    example: "",
  },
  {
    key: "AUTO_MIGRATE",
    description:
      "Run database migrations on start. Defaults to true for SQLite, false for MySQL (run `admit migrate`).",
    example: "",
  },
  {
    key: "SEED_DEMO",
    description:
      "Create the `demo` organisation with an administrator on first start. Defaults to true for SQLite outside production.",
    example: "",
  },
  { key: "LOG_LEVEL", description: "fatal | error | warn | info | debug | trace | silent.", example: "info" },
  {
    key: "TRUST_PROXY",
    description: "Express `trust proxy`: false, true, a hop count, or a comma list of addresses/subnets.",
    example: "false",
  },
  { key: "JSON_BODY_LIMIT", description: "Largest accepted JSON request body.", example: "1mb" },
  { key: "SESSION_TTL_HOURS", description: "How long a login session lasts.", example: "12" },
  {
    key: "PROVISIONING_LOG_RETENTION_DAYS",
    description: "How long SCIM provisioning-log rows are kept; older rows are pruned every few hours.",
    example: "30",
  },
  {
    key: "OUTBOX_RETENTION_DAYS",
    description:
      "How long sent and failed messages (activation emails, SMS) stay in the delivery history; pending ones are never pruned.",
    example: "30",
  },
  {
    key: "IMPORT_RETENTION_DAYS",
    description:
      "How long finished Excel imports and their row reports (which hold the uploaded cells) are kept.",
    example: "30",
  },
  {
    key: "SHUTDOWN_GRACE_MS",
    description: "How long SIGTERM waits for in-flight requests before closing.",
    example: "10000",
  },
  {
    key: "IMPORT_MAX_BYTES",
    description:
      "Largest Excel file (.xlsx) an import accepts, in bytes (20 MB by default); larger uploads are refused with 413.",
    example: "20971520",
  },
  {
    key: "SMTP_URL",
    description:
      "Outgoing mail server, smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. Unset outside production: emails go to the dev outbox (/dev/outbox).",
    example: "",
  },
  {
    key: "SMTP_FROM",
    description:
      "Sender of every email, `Name <address>`; a message may override the name. Defaults to no-reply@ the PUBLIC_URL host.",
    example: "no-reply@admit.example.com",
  },
  {
    key: "SMTP_MAX_CONNECTIONS",
    description: "Pooled SMTP connections used in parallel (see docs/PERFORMANCE.md).",
    example: "5",
  },
  {
    key: "SMS_PROVIDER",
    description: "twilio | webhook. Unset outside production: SMS go to the dev outbox.",
    example: "",
  },
  {
    key: "TWILIO_ACCOUNT_SID",
    description: "Twilio (or compatible) account SID; required with SMS_PROVIDER=twilio.",
    example: "",
  },
  {
    key: "TWILIO_AUTH_TOKEN",
    description: "Twilio auth token; required with SMS_PROVIDER=twilio.",
    example: "",
  },
  {
    key: "TWILIO_FROM",
    description: "Sender number (E.164) or a Messaging Service SID (MG…); required with SMS_PROVIDER=twilio.",
    example: "",
  },
  {
    key: "TWILIO_BASE_URL",
    description: "Base URL of the Twilio-compatible API.",
    example: "https://api.twilio.com",
  },
  {
    key: "SMS_WEBHOOK_URL",
    description:
      "With SMS_PROVIDER=webhook: JSON {to, text, messageId} is POSTed here, signed in X-Admit-Signature (docs/guides/messaging.md).",
    example: "",
  },
  {
    key: "SMS_WEBHOOK_SECRET",
    description: "With SMS_PROVIDER=webhook: the HMAC-SHA256 key of X-Admit-Signature (16+ chars).",
    example: "",
  },
  {
    key: "OUTBOX_WORKER",
    description: "inprocess: the server delivers queued messages itself; off: run `admit worker` separately.",
    example: "inprocess",
  },
  {
    key: "OUTBOX_MAX_ATTEMPTS",
    description:
      "Delivery attempts (with exponential backoff, up to an hour apart) before a message is failed.",
    example: "8",
  },
  {
    key: "OUTBOX_POLL_MS",
    description: "How often the outbox worker looks for due messages.",
    example: "1000",
  },
  {
    key: "WEBHOOK_MAX_ATTEMPTS",
    description:
      "Attempts per webhook delivery (exponential backoff with jitter, up to an hour apart) before it is marked failed.",
    example: "10",
  },
  {
    key: "WEBHOOK_RETENTION_DAYS",
    description: "How long delivered and failed webhook deliveries stay in the delivery log before pruning.",
    example: "30",
  },
  {
    key: "WEBHOOK_ALLOW_PRIVATE_NETWORKS",
    description:
      "Allow webhook endpoints on loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7) and link-local addresses (incl. 169.254.169.254). Default: false in production (refused when saved and when sent, after DNS), true otherwise. Set true for on-premises receivers on the internal network.",
    example: "false",
  },
  {
    key: "PLATFORM_ORGANISATION",
    description:
      "Slug of the platform operators' own organisation: its administrators (console access) may list and create organisations in its console (/o/<slug>/admin/organisations). Unset: nobody can.",
    example: "",
  },
  {
    key: "REDIS_URL",
    description:
      "redis://[user:pass@]host:6379[/db]: rate limits (login, links, sign-up) shared by every instance. Unset: each instance counts in memory.",
    example: "",
  },
  {
    key: "SIGNUP_PER_IP_PER_HOUR",
    description: "Self sign-up submissions one IP address may make per hour.",
    example: "20",
  },
  {
    key: "SIGNUP_SMS_PER_ORG_PER_HOUR",
    description:
      "Activation SMS that self sign-up may send per organisation per hour (a guard against SMS pumping); each number gets at most 3.",
    example: "50",
  },
];

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(sqlite:.+|mysql:\/\/.+)$/, "must be sqlite:<path> or mysql://user:pass@host:port/db")
      .default("sqlite:./data/admit.sqlite"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    DATA_DIR: z.string().min(1).default("./data"),
    APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    AUTO_MIGRATE: bool.optional(),
    SEED_DEMO: bool.optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    TRUST_PROXY: z.string().default("false"),
    JSON_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, "must look like 100kb or 1mb")
      .default("1mb"),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 90)
      .default(12),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    PROVISIONING_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1_048_576)
      .default(20 * 1_048_576),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]+/, "must look like smtp://user:pass@host:587")
      .optional(),
    SMTP_FROM: z.string().min(3).max(320).optional(),
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
    SMS_PROVIDER: z.enum(["twilio", "webhook"]).optional(),
    TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    TWILIO_FROM: z.string().min(1).optional(),
    TWILIO_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.twilio.com"),
    SMS_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    SMS_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    OUTBOX_WORKER: z.enum(["inprocess", "off"]).default("inprocess"),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool.optional(),
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    IMPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    PLATFORM_ORGANISATION: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be an organisation slug")
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^/]+/, "must look like redis://host:6379")
      .optional(),
    SIGNUP_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
    SIGNUP_SMS_PER_ORG_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000).default(50),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.APP_SECRET) {
      ctx.addIssue({ code: "custom", path: ["APP_SECRET"], message: "is required when NODE_ENV=production" });
    }
  })
  .superRefine(
    (env, ctx) => {
      // A chosen SMS provider needs all of its credentials; every missing one is reported.
      const required = {
        twilio: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"],
        webhook: ["SMS_WEBHOOK_URL", "SMS_WEBHOOK_SECRET"],
      } as const;
      const provider = env.SMS_PROVIDER;
      if (provider !== "twilio" && provider !== "webhook") return;
      for (const key of required[provider]) {
        if (!env[key])
          ctx.addIssue({ code: "custom", path: [key], message: `is required when SMS_PROVIDER=${provider}` });
      }
    },
    // Also when other settings are invalid, so that one run lists every problem.
    { when: () => true },
  );

export type RawConfig = z.infer<typeof configSchema>;
