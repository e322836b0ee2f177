import pino, { type Logger } from "pino";

export type { Logger };

/** Secrets never reach the log: these paths are censored wherever they appear. */
const REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, name = "admit"): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: "[redacted]" } });
}
