import { ConfigError, loadConfig } from "../../../src/config";

const base = { APP_SECRET: "x".repeat(40), DATA_DIR: "/tmp/admit-notify-config" };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("loadConfig accepted a bad configuration");
}

test("defaults: dev outbox for both channels, in-process worker, 8 attempts, 1 s poll", () => {
  expect(loadConfig(base).notify).toEqual({
    smtp: undefined,
    sms: undefined,
    worker: "inprocess",
    maxAttempts: 8,
    pollMs: 1000,
  });
});

test("SMTP_URL with SMTP_FROM; without SMTP_FROM the sender is no-reply@ the PUBLIC_URL host", () => {
  expect(
    loadConfig({ ...base, SMTP_URL: "smtp://u:p@mail:587", SMTP_FROM: "Acme <hr@acme.test>" }).notify.smtp,
  ).toEqual({
    url: "smtp://u:p@mail:587",
    from: "Acme <hr@acme.test>",
    maxConnections: 5,
  });
  const derived = loadConfig({
    ...base,
    SMTP_URL: "smtps://mail:465",
    PUBLIC_URL: "https://admit.example.com",
  });
  expect(derived.notify.smtp?.from).toBe("Admit <no-reply@admit.example.com>");
});

test("SMS_PROVIDER=twilio without credentials lists every missing one, together with other problems", () => {
  const problems = problemsOf({
    SMS_PROVIDER: "twilio",
    SMTP_URL: "http://mail",
    OUTBOX_WORKER: "sometimes",
  });
  expect(problems.sort()).toEqual(
    [
      'OUTBOX_WORKER Invalid option: expected one of "inprocess"|"off"',
      "SMTP_URL must look like smtp://user:pass@host:587",
      "TWILIO_ACCOUNT_SID is required when SMS_PROVIDER=twilio",
      "TWILIO_AUTH_TOKEN is required when SMS_PROVIDER=twilio",
      "TWILIO_FROM is required when SMS_PROVIDER=twilio",
    ].sort(),
  );
});

test("SMS_PROVIDER=webhook needs the URL and a secret of 16+ characters", () => {
  expect(problemsOf({ SMS_PROVIDER: "webhook" }).sort()).toEqual([
    "SMS_WEBHOOK_SECRET is required when SMS_PROVIDER=webhook",
    "SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook",
  ]);
  expect(
    problemsOf({
      SMS_PROVIDER: "webhook",
      SMS_WEBHOOK_URL: "https://sms.test/hook",
      SMS_WEBHOOK_SECRET: "short",
    }),
  ).toEqual(["SMS_WEBHOOK_SECRET must be at least 16 characters"]);
});

test("a complete Twilio configuration (base URL without its trailing slash)", () => {
  const config = loadConfig({
    ...base,
    SMS_PROVIDER: "twilio",
    TWILIO_ACCOUNT_SID: "AC1",
    TWILIO_AUTH_TOKEN: "tok",
    TWILIO_FROM: "+4570000000",
    TWILIO_BASE_URL: "http://127.0.0.1:9999/",
    OUTBOX_WORKER: "off",
    OUTBOX_MAX_ATTEMPTS: "3",
    OUTBOX_POLL_MS: "250",
  });
  expect(config.notify).toMatchObject({
    sms: {
      provider: "twilio",
      accountSid: "AC1",
      authToken: "tok",
      from: "+4570000000",
      baseUrl: "http://127.0.0.1:9999",
    },
    worker: "off",
    maxAttempts: 3,
    pollMs: 250,
  });
});
