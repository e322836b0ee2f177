import { checkOneTimePasswordPolicy, checkPasswordPolicy, isCommonPassword } from "../../../src/auth";
import { COMMON_PASSWORDS } from "../../../src/auth/common-passwords";

const codeOf = (check: () => void) => {
  try {
    check();
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe("the common-passwords list", () => {
  test("ships ~10k lowercased entries of 8+ characters", () => {
    const entries = COMMON_PASSWORDS.split("\n");
    expect(entries.length).toBeGreaterThan(10_000);
    expect(entries.length).toBeLessThan(11_000);
    expect(entries.every((p) => p.length >= 8 && p === p.toLowerCase())).toBe(true);
  });

  test("is compared case-insensitively", () => {
    expect(isCommonPassword("PASSWORD123")).toBe(true);
    expect(isCommonPassword("QwErTyUiOp123")).toBe(true);
    expect(isCommonPassword("correct-horse-battery-9")).toBe(false);
  });
});

describe("checkPasswordPolicy (a password of one's own)", () => {
  test.each([
    ["short", "auth.password_too_short"],
    ["x".repeat(257), "auth.password_too_long"],
    ["alice@example.com", "auth.password_is_identifier"],
    ["1qaz2wsx3edc", "auth.password_too_common"],
    ["QWERTYUIOP123", "auth.password_too_common"],
    ["a-long-and-unusual-passphrase", "ok"],
  ])("%p → %s", (password, code) => {
    expect(codeOf(() => checkPasswordPolicy(password, ["alice@example.com", null]))).toBe(code);
  });
});

describe("checkOneTimePasswordPolicy (typed by an administrator)", () => {
  test.each([
    ["seven77", "auth.password_too_short"],
    ["password1", "auth.password_too_common"],
    ["Tulip-48", "ok"],
  ])("%p → %s", (password, code) => {
    expect(codeOf(() => checkOneTimePasswordPolicy(password))).toBe(code);
  });
});
