import {
  checkTemplate,
  defaultTemplate,
  MESSAGE_PURPOSES,
  renderTemplate,
  type Template,
} from "../../../src/activation";

const values = {
  firstName: "Alice",
  lastName: "Andersen",
  organisation: "Acme",
  link: "https://a.test/x?y=1&z=2",
};

describe("rendering a template", () => {
  const template: Template = {
    subject: "Welcome {{firstName}} to {{organisation}}",
    html: '<p>Hi {{firstName}}</p><a href="{{link}}">go</a>',
    text: "Hi {{firstName}}: {{link}}",
    sms: "{{organisation}} {{link}}",
  };

  test("placeholders are filled in every part", () => {
    const out = renderTemplate(template, values);
    expect(out.subject).toBe("Welcome Alice to Acme");
    expect(out.text).toBe("Hi Alice: https://a.test/x?y=1&z=2");
    expect(out.sms).toBe("Acme https://a.test/x?y=1&z=2");
    expect(out.html).toBe('<p>Hi Alice</p><a href="https://a.test/x?y=1&amp;z=2">go</a>');
  });

  test("a <script> first name is text in the HTML body, not markup", () => {
    const out = renderTemplate(template, { ...values, firstName: '<script>alert("x")</script>' });
    expect(out.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out.html).not.toContain("<script>");
    // Plain text stays as typed: it is never interpreted as markup.
    expect(out.text).toContain('<script>alert("x")</script>');
  });

  test("a value cannot break out of an attribute", () => {
    const out = renderTemplate(template, { ...values, link: 'x" onmouseover="evil()' });
    expect(out.html).toContain('href="x&quot; onmouseover=&quot;evil()"');
  });

  test("the subject is one line, whatever a value holds (no header injection)", () => {
    const out = renderTemplate(template, { ...values, firstName: "Alice\r\nBcc: victim@x.test" });
    expect(out.subject).not.toMatch(/[\r\n]/);
  });

  test("placeholders with spaces inside the braces work; unknown ones render empty", () => {
    const out = renderTemplate({ ...template, text: "{{ firstName }}|{{nope}}|" }, values);
    expect(out.text).toBe("Alice||");
  });
});

describe("checking an organisation's template", () => {
  const good = defaultTemplate("activation", "en") as Template;

  test("every built-in template passes its own check, in English and Danish", () => {
    for (const purpose of MESSAGE_PURPOSES)
      for (const language of ["en", "da"]) {
        const template = defaultTemplate(purpose, language);
        expect(template).toBeDefined();
        expect(() => checkTemplate(purpose, template as Template)).not.toThrow();
      }
  });

  test("an unknown placeholder is refused with its part named", () => {
    expect(() => checkTemplate("activation", { ...good, text: "{{link}} {{pasword}}" })).toThrow(
      expect.objectContaining({ code: "activation.unknown_placeholder", field: "text" }),
    );
    expect(() => checkTemplate("activation", { ...good, sms: "{{password}} {{link}}" })).toThrow(
      expect.objectContaining({ code: "activation.unknown_placeholder", field: "sms" }),
    );
  });

  test("a link message without {{link}} is refused; a one-time password one needs {{password}}", () => {
    expect(() => checkTemplate("activation", { ...good, sms: "Welcome!" })).toThrow(
      expect.objectContaining({ code: "activation.placeholder_missing", field: "sms" }),
    );
    const otp = defaultTemplate("one_time_password", "en") as Template;
    expect(() => checkTemplate("one_time_password", { ...otp, text: "Sign in at {{link}}" })).toThrow(
      expect.objectContaining({ code: "activation.placeholder_missing", field: "text" }),
    );
  });

  test("Danish defaults are Danish", () => {
    expect(defaultTemplate("activation", "da")?.subject).toBe("Aktivér din konto hos {{organisation}}");
    expect(defaultTemplate("activation", "de")).toBeUndefined();
  });
});
