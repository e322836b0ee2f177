import { createHmac } from "node:crypto";
import { verifyWebhookSignature, webhookSignature } from "../../../src/notify";

const secret = "a-shared-secret-of-some-length";
const body = JSON.stringify({ to: "+4520123478", text: "Your code: 123456", messageId: "m-1" });
const timestamp = "1700000000";

test("the signature is v1=<hex HMAC-SHA256 of `timestamp.body`> (what a receiver recomputes)", () => {
  const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  expect(webhookSignature(secret, timestamp, body)).toBe(`v1=${expected}`);
});

describe("verifyWebhookSignature", () => {
  const signature = webhookSignature(secret, timestamp, body);
  const now = Number(timestamp) + 10;

  test("accepts the right signature within the tolerance", () => {
    expect(verifyWebhookSignature(secret, { timestamp, signature }, body, { now })).toBe(true);
  });

  test.each([
    [
      "another secret",
      () => verifyWebhookSignature("another-secret-entirely-000", { timestamp, signature }, body, { now }),
    ],
    [
      "a changed body",
      () =>
        verifyWebhookSignature(secret, { timestamp, signature }, body.replace("123456", "654321"), { now }),
    ],
    [
      "a changed timestamp",
      () => verifyWebhookSignature(secret, { timestamp: "1700000001", signature }, body, { now }),
    ],
    [
      "a timestamp outside the tolerance (a replay)",
      () => verifyWebhookSignature(secret, { timestamp, signature }, body, { now: now + 600 }),
    ],
    [
      "no signature",
      () => verifyWebhookSignature(secret, { timestamp, signature: undefined }, body, { now }),
    ],
    [
      "a malformed timestamp",
      () => verifyWebhookSignature(secret, { timestamp: "soon", signature }, body, { now }),
    ],
  ])("refuses %s", (_label, verify) => {
    expect(verify()).toBe(false);
  });
});
