/**
 * The SMTP sink of the outbox benchmark, in its own process so that it has a core of its own:
 * accepts every message, keeps nothing, counts. Prints {"port": n} once listening and
 * {"received": n} whenever a line arrives on stdin ("count\n").
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  closeTimeout: 100,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      received += 1;
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.server.address() as AddressInfo).port })}\n`);
});
process.stdin.on("data", () => process.stdout.write(`${JSON.stringify({ received })}\n`));
process.stdin.on("end", () => server.close(() => process.exit(0)));
