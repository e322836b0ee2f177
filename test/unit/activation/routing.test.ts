import { routeFor } from "../../../src/activation";

/** The help center: SMS when the package has it and the user has a phone — even with an email. */
const EMAIL = "alice@example.com";
const PHONE = "+4520123456";
const byEmail = { channel: "email", to: EMAIL };
const bySms = { channel: "sms", to: PHONE };

const TABLE = [
  { who: "email only", email: EMAIL, phone: null, sms: false, expected: byEmail },
  { who: "email only", email: EMAIL, phone: null, sms: true, expected: byEmail },
  { who: "phone only", email: null, phone: PHONE, sms: false, expected: null },
  { who: "phone only", email: null, phone: PHONE, sms: true, expected: bySms },
  { who: "both", email: EMAIL, phone: PHONE, sms: false, expected: byEmail },
  { who: "both", email: EMAIL, phone: PHONE, sms: true, expected: bySms },
  { who: "neither", email: null, phone: null, sms: false, expected: null },
  { who: "neither", email: null, phone: null, sms: true, expected: null },
];

describe("routing an activation or reset message", () => {
  test.each(TABLE)("$who, SMS package $sms → $expected.channel", ({ email, phone, sms, expected }) => {
    expect(routeFor({ email, phone }, sms)).toEqual(expected);
  });

  test("a user with neither (or only a phone without the SMS package) cannot be sent anything", () => {
    const unreachable = TABLE.filter((row) => routeFor(row, row.sms) === null).map(
      (r) => `${r.who}/${r.sms}`,
    );
    expect(unreachable).toEqual(["phone only/false", "neither/false", "neither/true"]);
  });
});
