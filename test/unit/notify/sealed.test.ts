import { randomBytes } from "node:crypto";
import { sealer } from "../../../src/notify/sealed";

const key = randomBytes(32);
const content = { to: "alice@example.com", subject: "Activate", text: "https://x.test/activate/tok_123" };

test("a sealed body opens again under the same key and message id", () => {
  const { seal, open } = sealer(key);
  const payload = seal("m-1", content);
  expect(payload).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
  expect(payload).not.toContain("tok_123");
  expect(open("m-1", payload)).toEqual(content);
});

test("the same content seals differently every time (fresh IV)", () => {
  const { seal } = sealer(key);
  expect(seal("m-1", content)).not.toBe(seal("m-1", content));
});

test.each([
  ["another message id (a body copied onto another row)", (p: string) => ["m-2", p] as const],
  [
    "a flipped ciphertext byte",
    (p: string) => ["m-1", `${p.slice(0, -2)}${p.endsWith("A") ? "B" : "A"}${p.slice(-1)}`] as const,
  ],
  ["an unknown version", (p: string) => ["m-1", p.replace(/^v1/, "v9")] as const],
])("refuses to open with %s", (_label, alter) => {
  const { seal, open } = sealer(key);
  const [id, payload] = alter(seal("m-1", content));
  expect(() => open(id, payload)).toThrow();
});

test("refuses to open under another key (APP_SECRET changed)", () => {
  const payload = sealer(key).seal("m-1", content);
  expect(() => sealer(randomBytes(32)).open("m-1", payload)).toThrow();
});

test("needs a 256-bit key", () => {
  expect(() => sealer(randomBytes(16))).toThrow(/32 bytes/);
});
