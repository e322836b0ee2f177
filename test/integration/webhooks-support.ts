/** Shared by the webhook tests: a real HTTP receiver that verifies signatures, and helpers. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestApp } from "../support/app";
import { verifyWebhookSignature } from "../../src/webhooks";

export interface Received {
  eventId: string;
  type: string;
  deliveryId: string;
  signature: string;
  rawBody: string;
  body: {
    id: string;
    type: string;
    occurredAt: string;
    organisation: { id: string; slug: string };
    data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  /** Checked with the receiver's secret at arrival time, as a real receiver would. */
  signatureValid: boolean;
  /** What the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on a loopback port. `status` sets the answer (503 = outage); `stop()` and
 * `restart()` take it off and back onto the same port (connection refused in between).
 * `accepted` are the requests answered 2xx: what the receiving system actually processed.
 */
export class Receiver {
  readonly all: Received[] = [];
  status = 200;
  secret = "";
  delayMs = 0;
  private server: Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  get accepted(): Received[] {
    return this.all.filter((r) => r.status >= 200 && r.status < 300);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req).then((status) => {
        res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "unavailable");
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  restart(): Promise<this> {
    return this.start();
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const status = this.status;
    const signature = String(req.headers["admit-signature"] ?? "");
    this.all.push({
      eventId: String(req.headers["admit-event-id"]),
      type: String(req.headers["admit-event-type"]),
      deliveryId: String(req.headers["admit-delivery-id"]),
      signature,
      rawBody,
      body: JSON.parse(rawBody) as Received["body"],
      signatureValid: verifyWebhookSignature(this.secret, signature, rawBody, Date.now()),
      status,
    });
    return status;
  }
}

/** Registers the receiver as an endpoint of the organisation through the admin API. */
export async function subscribe(
  api: { post(path: string, body?: object): import("supertest").Test },
  receiver: Receiver,
  events: string[] = ["*"],
): Promise<string> {
  const res = await api.post("/webhooks", { url: receiver.url, events, description: "test receiver" });
  if (res.status !== 201) throw new Error(`webhook create failed: ${res.status} ${JSON.stringify(res.body)}`);
  receiver.secret = res.body.secret as string;
  return res.body.id as string;
}

/** Waits until `check` holds (polling), or fails with what was seen. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A dispatcher tuned for tests: quick polls and retries measured in milliseconds. */
export function fastDispatcher(t: TestApp, maxAttempts = 50) {
  return t.services.webhooks.newDispatcher({
    pollMs: 25,
    backoffBaseMs: 20,
    backoffMaxMs: 150,
    maxAttempts,
  });
}

export async function deliveryRows(t: TestApp): Promise<Array<{ status: string; eventType: string }>> {
  return t.dataSource.query("SELECT status, eventType FROM webhook_deliveries ORDER BY seq");
}
