import { smtpFailure } from "../../../src/notify/channels";
import { backoffMs, httpFailure, networkFailure } from "../../../src/notify/delivery-error";

describe("backoffMs", () => {
  test("doubles per attempt from the base and stops at the cap (upper end of the jitter)", () => {
    const top = (attempts: number) => backoffMs(attempts, 30_000, 3_600_000, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(top)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  test("jitter spreads each delay over its upper half", () => {
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
    for (let i = 0; i < 100; i++) {
      const delay = backoffMs(2, 1000, 60_000);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });
});

describe("which HTTP answers are worth retrying", () => {
  test.each([
    [400, true],
    [401, true],
    [403, true],
    [404, true],
    [422, true],
    [408, false],
    [429, false],
    [500, false],
    [502, false],
    [503, false],
  ])("%i → permanent: %s", (status, permanent) => {
    expect(httpFailure("Twilio", status, "x").permanent).toBe(permanent);
  });

  test("a refused connection or a timeout is transient", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
    });
    expect(networkFailure("Twilio", refused)).toMatchObject({
      permanent: false,
      message: "Twilio unreachable: ECONNREFUSED",
    });
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), {
      name: "TimeoutError",
    });
    expect(networkFailure("Twilio", timeout).message).toBe("Twilio unreachable: timed out");
  });
});

describe("which SMTP failures are permanent", () => {
  test.each([
    [
      "a rejected recipient (RCPT 550)",
      { code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 no such user" },
      true,
    ],
    [
      "a refused message (DATA 554)",
      { code: "EMESSAGE", responseCode: 554, response: "554 5.7.1 spam" },
      true,
    ],
    [
      "a greylisted recipient (RCPT 450)",
      { code: "EENVELOPE", responseCode: 450, response: "450 4.2.0 try later" },
      false,
    ],
    [
      "a bad sequence (503)",
      { code: "EENVELOPE", responseCode: 503, response: "503 5.5.1 bad sequence" },
      false,
    ],
    [
      "a failed login (535): the operator fixes it, the message waits",
      { code: "EAUTH", responseCode: 535, response: "535 no" },
      false,
    ],
    ["a lost connection", { code: "ECONNECTION", message: "Connection closed unexpectedly" }, false],
    ["a refused connection", { code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:25" }, false],
    ["a timeout", { code: "ETIMEDOUT", message: "Greeting never received" }, false],
  ])("%s → permanent: %s", (_label, error, permanent) => {
    const thrown = Object.assign(new Error("message" in error ? error.message : "Can't send mail"), error);
    expect(smtpFailure(thrown).permanent).toBe(permanent);
  });

  test("the reason names the nodemailer code and the server's reply", () => {
    const error = Object.assign(new Error("Can't send mail"), {
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 5.1.1 no such user",
    });
    expect(smtpFailure(error).message).toBe("SMTP EENVELOPE: 550 5.1.1 no such user");
  });
});
