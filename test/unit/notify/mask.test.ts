import { maskRecipient, scrubError } from "../../../src/notify/mask";

test.each([
  ["alice@example.com", "a***@example.com"],
  ["a@x.com", "a***@x.com"],
  ["+4520123478", "+45******78"],
  ["+12025550123", "+12*******23"],
  ["+4512", "*****"],
])("maskRecipient(%s) = %s", (to, masked) => {
  expect(maskRecipient(to)).toBe(masked);
});

test("scrubError masks every address and phone number a provider quoted back", () => {
  expect(scrubError("550 5.1.1 <bob.smith@corp.example>: Recipient address rejected")).toBe(
    "550 5.1.1 <b***@corp.example>: Recipient address rejected",
  );
  expect(scrubError("The 'To' number +45 20 12 34 78 is not valid; nor is +4520123478.")).toBe(
    "The 'To' number +45******78 is not valid; nor is +45******78.",
  );
});

test("scrubError folds whitespace and cuts to the column size", () => {
  expect(scrubError("a\r\n  b")).toBe("a b");
  const long = scrubError("x".repeat(5000));
  expect(long).toHaveLength(1000);
  expect(long.endsWith("…")).toBe(true);
});
