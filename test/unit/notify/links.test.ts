import { extractLinks } from "../../../src/notify";
import { parseFrom } from "../../../src/notify/channels";

describe("extractLinks (the dev outbox's clickable links)", () => {
  test("finds links in the text and in the HTML's hrefs, decoded, once each, in order", () => {
    const text = "Set your password: https://admit.test/o/acme/activate/abc123.\nHelp: https://help.test/x";
    const html = `<a href="https://admit.test/o/acme/activate/abc123">Set</a> <a href='https://admit.test/p?a=1&amp;b=2'>x</a>`;
    expect(extractLinks(text, html)).toEqual([
      "https://admit.test/o/acme/activate/abc123",
      "https://help.test/x",
      "https://admit.test/p?a=1&b=2",
    ]);
  });

  test("only http(s) links: never javascript:, data: or mailto:", () => {
    const html = `<a href="javascript:alert(1)">x</a><a href="data:text/html,x">y</a><a href="mailto:a@b.c">z</a><a href="&#106;avascript:alert(1)">w</a>`;
    expect(extractLinks(undefined, html)).toEqual([]);
  });
});

describe("parseFrom (SMTP_FROM)", () => {
  test.each([
    ["Admit <no-reply@admit.test>", { name: "Admit", address: "no-reply@admit.test" }],
    ['"Acme, Learning" <hr@acme.test>', { name: "Acme, Learning", address: "hr@acme.test" }],
    ["no-reply@admit.test", { name: "", address: "no-reply@admit.test" }],
  ])("%s", (from, parsed) => {
    expect(parseFrom(from)).toEqual(parsed);
  });
});
