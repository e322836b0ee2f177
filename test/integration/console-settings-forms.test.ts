import { MessageTemplateRow } from "../../src/activation";
import { SsoConnection } from "../../src/sso";
import { IDP_ENTITY_ID, IDP_SSO_URL, idpMetadataXml } from "../support/saml-idp";
import { outboxMessages } from "./activation-support";
import { consoleWorld, textOf, type ConsoleWorld } from "./console-settings-support";

/**
 * The console's Communication, Sign-up and SSO forms: inline errors with nothing written on bad
 * input, the same services as the JSON API on good input, and another organisation's ids → 404.
 */
let w: ConsoleWorld;
beforeAll(async () => {
  w = await consoleWorld();
});
afterAll(async () => w?.t.close());

const settings = () => w.t.services.activation.settings.get(w.acme.org.id);
const newUser = (email: string) =>
  w.acme.post("/users", {
    firstName: "Nia",
    lastName: "New",
    email,
    language: "en",
    jobProfileId: w.acme.org.defaultJobProfileId,
    departmentIds: [w.acme.org.defaultDepartmentId],
    permissionTypeIds: [w.acme.org.defaultPermissionTypeId],
  });

describe("Organisation → Communication", () => {
  const valid = {
    "autoSend.manual": "on",
    "autoSend.signup": "on",
    senderName: "Acme Training",
    replyTo: "training@acme.example",
    linkLifetimeHours: "48",
    oneTimePasswordLifetimeHours: "24",
  };

  test("the page shows every setting the JSON API has, with the current values", async () => {
    const res = await w.admin.get("/o/acme/admin/communication");
    expect(res.status).toBe(200);
    for (const name of [
      "autoSend.scim",
      "autoSend.import",
      "autoSend.manual",
      "autoSend.signup",
      "smsEnabled",
      "senderName",
      "replyTo",
      "linkLifetimeHours",
      "oneTimePasswordLifetimeHours",
    ]) {
      expect(res.text).toContain(`name="${name}"`);
    }
    expect(res.text).toMatch(/name="linkLifetimeHours"\s+value="168"/);
    // One row per purpose and language of the organisation (en, da).
    expect(res.text).toContain("/o/acme/admin/communication/templates/activation/da");
  });

  test.each([
    ["a lifetime that is not a number", { linkLifetimeHours: "soon" }, "linkLifetimeHours"],
    ["a lifetime over 30 days", { oneTimePasswordLifetimeHours: "721" }, "oneTimePasswordLifetimeHours"],
    ["a reply-to that is not an address", { replyTo: "not-an-address" }, "replyTo"],
    ["a sender name with markup", { senderName: "<Acme>" }, "senderName"],
  ])("%s: 422, the error next to the field, nothing written", async (_name, change, field) => {
    const res = await w.admin.send("acme", "/communication", { ...valid, ...change });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="f-${field}-error"`);
    expect(res.text).toMatch(/aria-invalid="true"/);
    // What was typed is shown again.
    expect(res.text).toContain(Object.values(change)[0]?.replace("<", "&lt;").replace(">", "&gt;"));
    expect((await settings()).updatedAt).toBeNull();
  });

  test("saving changes the behaviour for the next user: auto-send on manual creation sends the activation", async () => {
    await newUser("before@acme.example").expect(201);
    expect(await outboxMessages(w.t, { to: "before@acme.example" })).toHaveLength(0);

    const res = await w.admin.send("acme", "/communication", valid);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/o/acme/admin/communication?done=saved");
    expect(await settings()).toMatchObject({
      autoSend: { scim: false, import: false, manual: true, signup: true },
      smsEnabled: false,
      senderName: "Acme Training",
      replyTo: "training@acme.example",
      linkLifetimeHours: 48,
      oneTimePasswordLifetimeHours: 24,
    });
    const page = await w.admin.get(res.headers.location as string);
    expect(page.text).toContain('role="status"');

    await newUser("after@acme.example").expect(201);
    const [message] = await outboxMessages(w.t, { to: "after@acme.example" });
    expect(message?.purpose).toBe("activation");

    // Unchecking a box turns it off (the whole form is sent).
    await w.admin.send("acme", "/communication", { ...valid, "autoSend.manual": [] as unknown as string });
    expect((await settings()).autoSend.manual).toBe(false);
  });

  test("the change is in the audit log, by the signed-in administrator", async () => {
    const { items } = await w.t.services.audit.list(w.acme.org.id, { action: "communication." });
    expect(items[0]).toMatchObject({ actorKind: "user", action: "communication.update" });
    expect(items[0]?.actorLabel).toContain("ada@acme.example");
  });

  describe("templates", () => {
    const path = "/communication/templates/activation/en";
    const template = {
      subject: "Welcome to {{organisation}}",
      html: "<p>Hi {{firstName}}, <a href='{{link}}'>activate</a></p>",
      text: "Hi {{firstName}}, activate: {{link}}",
      sms: "Activate: {{link}}",
    };
    const stored = () =>
      w.t.dataSource.manager.findOneBy(MessageTemplateRow, {
        organisationId: w.acme.org.id,
        purpose: "activation",
      });

    test("the built-in wording with a rendered preview (sandboxed HTML, text, SMS)", async () => {
      const res = await w.admin.get(`/o/acme/admin${path}`);
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/<iframe[^>]*sandbox=""/);
      expect(textOf(res.text)).toContain("/o/acme/activate/EXAMPLE-LINK");
    });

    test("a body without {{link}}: 422 on that field, nothing stored", async () => {
      const res = await w.admin.send("acme", path, { ...template, text: "Hi {{firstName}}" });
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="f-text-error"');
      expect(textOf(res.text)).toContain("must contain {{link}}");
      expect(await stored()).toBeNull();
    });

    test("preview shows the draft rendered without saving it", async () => {
      const res = await w.admin.send("acme", path, { ...template, intent: "preview" });
      expect(res.status).toBe(200);
      expect(textOf(res.text)).toContain("Welcome to acme org");
      expect(await stored()).toBeNull();
    });

    test("save stores it; the next activation uses it", async () => {
      const res = await w.admin.send("acme", path, { ...template, intent: "save" });
      expect(res.status).toBe(303);
      expect(await stored()).toMatchObject({ subject: template.subject, language: "en" });
      const created = await newUser("templated@acme.example").expect(201);
      await w.acme.post(`/users/${created.body.id}/activation`).expect(202);
      const [message] = await outboxMessages(w.t, { to: "templated@acme.example" });
      expect(message?.subject).toBe("Welcome to acme org");
    });

    test.each(["/communication/templates/nonsense/en", "/communication/templates/activation/fr"])(
      "%s (unknown purpose, language not the organisation's) → 404",
      async (bad) => {
        expect((await w.admin.get(`/o/acme/admin${bad}`)).status).toBe(404);
        expect((await w.admin.send("acme", bad, template)).status).toBe(404);
      },
    );
  });
});

describe("Sign-up", () => {
  const signupSettings = () => w.t.services.signup.settings.get(w.acme.org.id);

  test("a bad email domain: 422 on the domains field, nothing written", async () => {
    const res = await w.admin.send("acme", "/signup", {
      enabled: "on",
      allowedEmailDomains: "acme.example\nnot a domain",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-allowedEmailDomains-error"');
    expect(textOf(res.text)).toContain('"not a domain" is not an email domain');
    expect((await signupSettings()).updatedAt).toBeNull();
  });

  test("another organisation's department: refused, nothing written", async () => {
    const [foreign] = await w.t.services.directory.departments.list(w.globex.org.id);
    const res = await w.admin.send("acme", "/signup", {
      enabled: "on",
      userSelectsDepartment: "on",
      selectableDepartmentIds: [foreign?.id ?? ""],
    });
    expect(res.status).toBe(422);
    expect((await signupSettings()).updatedAt).toBeNull();
  });

  test("choosing departments without listing any: 422", async () => {
    const res = await w.admin.send("acme", "/signup", { enabled: "on", userSelectsDepartment: "on" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-selectableDepartmentIds"');
  });

  test("saved: on, domains normalised, selectable departments and defaults; the login page offers it", async () => {
    const { directory } = w.t.services;
    const sales = await directory.departments.create(w.acme.org.id, { name: "Sales" });
    const [learner] = (await directory.permissionTypes.list(w.acme.org.id)).filter((p) => !p.consoleAccess);
    const res = await w.admin.send("acme", "/signup", {
      enabled: "on",
      userSelectsDepartment: "on",
      selectableDepartmentIds: [sales.id, w.acme.org.defaultDepartmentId as string],
      allowedEmailDomains: "@Acme.Example\nacme.example, partner.example",
      defaultDepartmentId: sales.id,
      defaultJobProfileId: "",
      defaultPermissionTypeId: learner?.id ?? "",
    });
    expect(res.status).toBe(303);
    expect(await signupSettings()).toMatchObject({
      enabled: true,
      userSelectsDepartment: true,
      allowedEmailDomains: ["acme.example", "partner.example"],
      defaultDepartmentId: sales.id,
      defaultJobProfileId: null,
      defaultPermissionTypeId: learner?.id,
    });
    expect((await signupSettings()).selectableDepartmentIds.sort()).toEqual(
      [sales.id, w.acme.org.defaultDepartmentId].sort(),
    );
    const page = await w.admin.get("/o/acme/admin/signup");
    expect(page.text).toMatch(new RegExp(`value="${sales.id}"\\s+checked`));
    expect(await w.t.services.signup.isOpen(w.acme.org)).toBe(true);
  });
});

describe("SSO connections", () => {
  const connections = (orgId = w.acme.org.id) =>
    w.t.dataSource.manager.findBy(SsoConnection, { organisationId: orgId });

  test("SAML from pasted metadata: created, SP values and metadata download, test login", async () => {
    const res = await w.admin.send("acme", "/sso/new/saml", {
      name: "Acme IdP",
      enabled: "on",
      metadataXml: idpMetadataXml(),
      jit: "on",
      emailDomains: "acme.example",
      wantAssertionsSigned: "on",
    });
    expect(res.status).toBe(303);
    const id = /\/sso\/([^/?]+)\?done=created$/.exec(res.headers.location as string)?.[1] as string;
    const [saved] = await connections();
    expect(saved).toMatchObject({ id, name: "Acme IdP", kind: "saml", jit: true, enabled: true });
    expect(saved?.settings).toMatchObject({ idpEntityId: IDP_ENTITY_ID, ssoUrl: IDP_SSO_URL });

    const page = await w.admin.get(res.headers.location as string);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`http://admit.test/o/acme/sso/${id}/acs`);
    // "Test login": a GET form opening the SP-initiated start in a new tab.
    expect(page.text).toMatch(
      new RegExp(`<form method="get" action="http://admit.test/o/acme/sso/${id}/start" target="_blank"`),
    );
    const metadata = await w.admin.get(`/o/acme/admin/sso/${id}/metadata`);
    expect(metadata.status).toBe(200);
    expect(metadata.headers["content-disposition"]).toContain("attachment");
    expect(metadata.text).toContain(`entityID="http://admit.test/o/acme/sso/${id}/metadata"`);
  });

  test("SAML with metadata that is not XML: 422 on the metadata field, nothing created", async () => {
    const before = (await connections()).length;
    const res = await w.admin.send("acme", "/sso/new/saml", { name: "Broken", metadataXml: "<not xml" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-metadataXml-error"');
    expect(res.text).toContain('value="Broken"');
    expect(await connections()).toHaveLength(before);
  });

  test("SAML by fields without a certificate: 422, nothing created", async () => {
    const before = (await connections()).length;
    const res = await w.admin.send("acme", "/sso/new/saml", {
      name: "By hand",
      idpEntityId: IDP_ENTITY_ID,
      ssoUrl: IDP_SSO_URL,
    });
    expect(res.status).toBe(422);
    expect(textOf(res.text)).toContain("At least one IdP signing certificate is needed");
    expect(await connections()).toHaveLength(before);
  });

  test("OIDC: the client secret is stored sealed and never shown again; an empty secret on edit keeps it", async () => {
    const secret = "s3cr3t-client-secret-value";
    const res = await w.admin.send("acme", "/sso/new/oidc", {
      name: "Acme OIDC",
      enabled: "on",
      issuer: "https://login.acme.example",
      clientId: "admit",
      clientSecret: secret,
      scopes: "openid email profile",
    });
    expect(res.status).toBe(303);
    const id = /\/sso\/([^/?]+)\?/.exec(res.headers.location as string)?.[1] as string;
    const page = await w.admin.get(`/o/acme/admin/sso/${id}`);
    expect(page.text).not.toContain(secret);
    expect(page.text).toContain(`http://admit.test/o/acme/sso/${id}/callback`);

    const edit = await w.admin.send("acme", `/sso/${id}`, {
      name: "Acme OIDC",
      enabled: "on",
      issuer: "https://login.acme.example",
      clientId: "admit",
      clientSecret: "",
      trustEmail: "on",
      updateOnLogin: "on",
      emailDomains: "oidc.acme.example",
    });
    expect(edit.status).toBe(303);
    const { connection, emailDomains } = await w.t.services.sso.connections.get(w.acme.org.id, id);
    expect(connection).toMatchObject({ trustEmail: true, updateOnLogin: true, jit: false });
    expect(emailDomains).toEqual(["oidc.acme.example"]);
    expect(w.t.services.sso.connections.secret(connection)).toBe(secret);
  });

  test("an email domain another connection owns: 409 shown on the field, nothing changed", async () => {
    const [first] = await connections();
    const res = await w.admin.send("acme", "/sso/new/oidc", {
      name: "Clash",
      issuer: "https://other.acme.example",
      clientId: "x",
      emailDomains: "acme.example",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-emailDomains-error"');
    expect((await connections()).map((c) => c.name)).not.toContain("Clash");
    expect(first).toBeDefined();
  });

  test("another organisation's connection id → 404 for view, edit, delete and metadata; nothing changed", async () => {
    const [mine] = await connections();
    const id = mine?.id as string;
    expect((await w.globexAdmin.get(`/o/globex/admin/sso/${id}`)).status).toBe(404);
    expect((await w.globexAdmin.get(`/o/globex/admin/sso/${id}/metadata`)).status).toBe(404);
    expect((await w.globexAdmin.send("globex", `/sso/${id}`, { name: "Hijacked" })).status).toBe(404);
    expect((await w.globexAdmin.send("globex", `/sso/${id}/delete`, {})).status).toBe(404);
    expect((await w.t.services.sso.connections.get(w.acme.org.id, id)).connection.name).toBe(mine?.name);
  });

  test("delete removes it", async () => {
    const [first] = await connections();
    const res = await w.admin.send("acme", `/sso/${first?.id}/delete`, { confirm: "yes" });
    expect(res.status).toBe(303);
    expect((await connections()).map((c) => c.id)).not.toContain(first?.id);
  });
});
