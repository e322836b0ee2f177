import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { NotifyConfig } from "../../src/config";

/**
 * A fake SMS provider on 127.0.0.1 that speaks both ways Admit sends SMS:
 *  - Twilio's API: POST /2010-04-01/Accounts/{sid}/Messages.json (form To/From/Body, basic auth);
 *  - the signed webhook: POST /webhook (JSON {to, text, messageId}), checked with its own HMAC code.
 *
 *   const sms = await new FakeSmsProvider().start();
 *   config.notify.sms = sms.twilioConfig();           // or sms.webhookConfig()
 *   sms.respond({ status: 500 });                      // the next request fails, later ones succeed
 *   const got = await sms.waitFor((r) => r.to === "+4520123456");
 */
export interface SmsRequest {
  kind: "twilio" | "webhook";
  to: string;
  text: string;
  /** Twilio: the From (or MessagingServiceSid) sent. */
  from?: string;
  /** Webhook: the outbox message id sent. */
  messageId?: string;
  /** Webhook: whether X-Admit-Signature matched HMAC-SHA256(secret, `${timestamp}.${body}`). */
  signatureValid?: boolean;
  /** The status this fake answered with. */
  status: number;
  headers: IncomingMessage["headers"];
  rawBody: string;
}

export interface SmsAnswer {
  status: number;
  body?: unknown;
}

export class FakeSmsProvider {
  readonly accountSid = "AC00000000000000000000000000000001";
  readonly authToken = "fake-auth-token";
  readonly from = "+4570000000";
  readonly webhookSecret = "fake-webhook-secret-0123456789";
  /** Every request received, answered or refused, in order. */
  readonly requests: SmsRequest[] = [];
  private readonly answers: SmsAnswer[] = [];
  private server: Server | undefined;
  port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get webhookUrl(): string {
    return `${this.baseUrl}/webhook`;
  }
  twilioConfig(): NonNullable<NotifyConfig["sms"]> {
    return {
      provider: "twilio",
      accountSid: this.accountSid,
      authToken: this.authToken,
      from: this.from,
      baseUrl: this.baseUrl,
    };
  }
  webhookConfig(): NonNullable<NotifyConfig["sms"]> {
    return { provider: "webhook", url: this.webhookUrl, secret: this.webhookSecret };
  }

  /** The next requests get these answers, in order; after them every request succeeds. */
  respond(...answers: SmsAnswer[]): void {
    this.answers.push(...answers);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async waitFor(predicate: (r: SmsRequest) => boolean = () => true, timeoutMs = 10_000): Promise<SmsRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.requests.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching SMS request within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const twilioPath = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    let request: Omit<SmsRequest, "status">;
    let ok: SmsAnswer;
    if (req.method === "POST" && req.url === twilioPath) {
      const form = new URLSearchParams(rawBody);
      const basic = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString("base64")}`;
      const to = form.get("To") ?? "";
      request = {
        kind: "twilio",
        to,
        text: form.get("Body") ?? "",
        from: form.get("From") ?? form.get("MessagingServiceSid") ?? "",
        headers: req.headers,
        rawBody,
      };
      ok =
        req.headers.authorization === basic
          ? {
              status: 201,
              body: { sid: `SM${String(this.requests.length + 1).padStart(32, "0")}`, status: "queued", to },
            }
          : { status: 401, body: { code: 20003, message: "Authenticate", status: 401 } };
    } else if (req.method === "POST" && req.url === "/webhook") {
      const body = JSON.parse(rawBody || "{}") as { to?: string; text?: string; messageId?: string };
      const timestamp = String(req.headers["x-admit-timestamp"] ?? "");
      const expected = `v1=${createHmac("sha256", this.webhookSecret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
      const given = String(req.headers["x-admit-signature"] ?? "");
      const signatureValid =
        given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      request = {
        kind: "webhook",
        to: body.to ?? "",
        text: body.text ?? "",
        messageId: body.messageId,
        signatureValid,
        headers: req.headers,
        rawBody,
      };
      ok = signatureValid
        ? { status: 202, body: { accepted: true } }
        : { status: 401, body: { error: "bad signature" } };
    } else {
      res.writeHead(404).end();
      return;
    }
    const answer = ok.status < 300 ? (this.answers.shift() ?? ok) : ok;
    this.requests.push({ ...request, status: answer.status });
    res
      .writeHead(answer.status, { "Content-Type": "application/json" })
      .end(JSON.stringify(answer.body ?? {}));
  }
}
