import { REPLAY_WINDOW_SECONDS, signWebhook, verifyWebhookSignature } from "../../src/webhooks";

/** The receiver's check (docs/guides/webhooks.md): body, secret and timestamp all matter. */
const secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
const body = JSON.stringify({ id: "e1", type: "user.created", data: { user: { id: "u1", email: "a@b.c" } } });
const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const header = signWebhook(secret, body, now / 1000);

test("a signature made with the secret over the raw body and a current timestamp verifies", () => {
  expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect(verifyWebhookSignature(secret, header, body, now)).toBe(true);
  expect(verifyWebhookSignature(secret, header, Buffer.from(body), now)).toBe(true);
});

test.each([
  ["a tampered body", secret, header, body.replace("a@b.c", "x@b.c"), now],
  ["re-serialised JSON (whitespace differs)", secret, header, JSON.stringify(JSON.parse(body), null, 1), now],
  ["the wrong secret", `${secret}x`, header, body, now],
  ["an empty secret", "", header, body, now],
  ["a timestamp older than the window", secret, header, body, now + (REPLAY_WINDOW_SECONDS + 1) * 1000],
  ["a timestamp ahead of the window", secret, header, body, now - (REPLAY_WINDOW_SECONDS + 1) * 1000],
  [
    "a changed timestamp with the old MAC",
    secret,
    header.replace(/^t=(\d+)/, (_m, t) => `t=${Number(t) + 1}`),
    body,
    now,
  ],
  ["no header", secret, undefined, body, now],
  ["a header without v1", secret, header.split(",")[0], body, now],
  ["a non-numeric timestamp", secret, header.replace(/^t=\d+/, "t=abc"), body, now],
])("rejects %s", (_name, s, h, b, at) => {
  expect(verifyWebhookSignature(s, h, b, at)).toBe(false);
});

test("the edges of the replay window: 300 s either way is accepted", () => {
  expect(verifyWebhookSignature(secret, header, body, now + REPLAY_WINDOW_SECONDS * 1000)).toBe(true);
  expect(verifyWebhookSignature(secret, header, body, now - REPLAY_WINDOW_SECONDS * 1000)).toBe(true);
});

test("during a rotation a header may carry two v1 values; either secret's match is accepted", () => {
  const other = signWebhook("whsec_other", body, now / 1000).split(",")[1];
  expect(verifyWebhookSignature(secret, `${header},${other}`, body, now)).toBe(true);
  expect(verifyWebhookSignature("whsec_other", `${header},${other}`, body, now)).toBe(true);
  expect(verifyWebhookSignature("whsec_third", `${header},${other}`, body, now)).toBe(false);
});
