import { simpleParser, type AddressObject } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server in the test process that keeps every message it accepts.
 *
 *   const smtp = await new SmtpCapture().start();      // 127.0.0.1, a free port
 *   config.notify.smtp = { url: smtp.url, from: "Admit <no-reply@admit.test>", maxConnections: 2 };
 *   const mail = await smtp.waitFor((m) => m.to === "alice@example.com");
 *   await smtp.stop();   // "SMTP is down"; `await smtp.start()` brings it back on the same port
 */
export interface CapturedMail {
  /** SMTP envelope: MAIL FROM and RCPT TO addresses. */
  envelope: { from: string; to: string[] };
  /** Header addresses as plain `name <address>` / `address` text. */
  from: string;
  to: string;
  replyTo: string | undefined;
  subject: string;
  text: string;
  /** "" when the message had no HTML part. */
  html: string;
  /** Header values by lower-case name (`x-admit-message-id`, `auto-submitted`, …). */
  headers: Record<string, string>;
  raw: string;
}

const addressText = (value: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(value) ? value : value ? [value] : []).map((a) => a.text).join(", ");

export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  /** RCPT TO for these addresses is refused with a permanent `550 5.1.1` (a rejected recipient). */
  readonly rejectRecipients = new Set<string>();
  port = 0;
  private server: SMTPServer | undefined;
  private waiters: Array<() => void> = [];

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Listens on `port` (first start: a free one; later starts: the same one again). */
  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // stop() should not wait 30 s for the client's idle pooled connections.
      closeTimeout: 100,
      onRcptTo: (address, _session, callback) => {
        if (!this.rejectRecipients.has(address.address.toLowerCase())) return callback();
        // Worded like Postfix, address included: what the outbox stores must mask it.
        const reason = `5.1.1 <${address.address}>: Recipient address rejected: User unknown`;
        callback(Object.assign(new Error(reason), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw).then((mail) => {
            const headers: Record<string, string> = {};
            for (const line of mail.headerLines)
              headers[line.key] = line.line.slice(line.key.length + 1).trim();
            this.messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              from: addressText(mail.from),
              to: addressText(mail.to),
              replyTo: mail.replyTo ? addressText(mail.replyTo) : undefined,
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              headers,
              raw,
            });
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes the server (open client connections are cut). Messages already captured stay. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The first captured message (already there or still to come) that matches. */
  async waitFor(
    predicate: (mail: CapturedMail) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching mail within ${timeoutMs} ms (${this.messages.length} captured)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
