import request from "supertest";
import { AuditEvent } from "../../src/audit";
import { MessageTemplateRow } from "../../src/activation";
import { AccessToken } from "../../src/auth";
import { Department, User } from "../../src/directory";
import { SsoConnection } from "../../src/sso";
import { idpMetadataXml } from "../support/saml-idp";
import { row, xlsxBuffer } from "../support/xlsx";
import { textOf, world, type AdminBrowser, type World } from "./console-support";

/**
 * The console review's findings, each with the test that failed before its fix: document-sized
 * forms (templates, SAML metadata) fit the form parser; destructive actions ask first without
 * JavaScript; the language links keep the list's filters; the import's outcome reaches the audit
 * log; the import form's `_csrf` never stays in a page's URL; secrets are shown once, never cached,
 * never audited; the template preview cannot run anything.
 */
let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.t.close());

const audits = (action: string) =>
  w.t.dataSource.manager.find(AuditEvent, { where: { organisationId: w.acme.org.id, action } });

/** A console page's confirmation form: posts the same action again with confirm=yes. */
const confirmForm = (html: string, action: string) =>
  new RegExp(
    `<form method="post" action="${action.replace(/[/.]/g, "\\$&")}"[^>]*>\\s*<input type="hidden" name="_csrf" value="[^"]+" />\\s*<input type="hidden" name="confirm" value="yes" />`,
  ).test(html);

describe("document-sized forms fit the console's form parser", () => {
  test("a 90,000-character SAML metadata paste (about 260 kB URL-encoded) creates the connection", async () => {
    const base = idpMetadataXml();
    // Characters that URL-encoding triples, inside a comment the XML parser skips.
    const filler = ":/=&".repeat(Math.ceil(90_000 / 4)).slice(0, 90_000 - base.length - 9);
    const metadataXml = base.replace(/<\/([\w:]*EntityDescriptor)>\s*$/, `<!-- ${filler} --></$1>`);
    expect(metadataXml.length).toBeGreaterThan(89_000);
    expect(metadataXml.length).toBeLessThanOrEqual(90_000);
    expect(new URLSearchParams({ metadataXml }).toString().length).toBeGreaterThan(200_000);
    const res = await w.admin.form("/sso/new/saml", { name: "Big metadata", enabled: "on", metadataXml });
    expect(res.status).toBe(303);
    expect(await w.t.dataSource.manager.countBy(SsoConnection, { name: "Big metadata" })).toBe(1);
  });

  test("a 49,000-character HTML template is saved", async () => {
    const html = `<p>Hello {{firstName}}, <a href="{{link}}">activate</a></p>${"<p>&amp; more</p>".repeat(2890)}`;
    expect(html.length).toBeGreaterThan(49_000);
    expect(html.length).toBeLessThan(50_000);
    const res = await w.admin.form("/communication/templates/activation/en", {
      subject: "Welcome to {{organisation}}",
      html,
      text: "Hello {{firstName}}, activate: {{link}}",
      sms: "Activate: {{link}}",
      intent: "save",
    });
    expect(res.status).toBe(303);
    const saved = await w.t.dataSource.manager.findOneBy(MessageTemplateRow, {
      organisationId: w.acme.org.id,
    } as never);
    expect(saved).toBeTruthy();
  });

  test("without a session the large cap does not apply: 200 kB to the SSO form is refused (413)", async () => {
    const res = await request(w.t.app)
      .post("/o/acme/admin/sso/new/saml")
      .type("form")
      .send(new URLSearchParams({ name: "Anon", metadataXml: ":".repeat(70_000) }).toString());
    expect(res.status).toBe(413);
  });

  test("other console forms keep the small cap: 200 kB on the user form is refused (413), nothing written", async () => {
    const before = await w.t.dataSource.manager.count(User);
    const res = await w.admin.form("/users", { firstName: "x".repeat(200_000), lastName: "Big" });
    expect(res.status).toBe(413);
    expect(textOf(res.text)).toContain("What you sent is too large for this form");
    expect(await w.t.dataSource.manager.count(User)).toBe(before);
  });
});

describe("destructive actions ask first (no JavaScript: a confirmation page, then a second POST)", () => {
  const newUser = async (email: string) => {
    const org = w.acme.org;
    return w.t.services.directory.users.create(
      org.id,
      {
        firstName: "Dora",
        lastName: "Doomed",
        email,
        language: "en",
        jobProfileId: org.defaultJobProfileId ?? "",
        departmentIds: [org.defaultDepartmentId ?? ""],
        permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
      },
      { source: "manual" },
    );
  };

  test("deactivate: the first POST shows the question and changes nothing; confirm=yes deactivates", async () => {
    const user = await newUser("dora@acme.example");
    const action = `/o/acme/admin/users/${user.id}/deactivate`;
    const ask = await w.admin.form(`/users/${user.id}/deactivate`);
    expect(ask.status).toBe(200);
    expect(ask.headers["cache-control"]).toBe("no-store");
    expect(textOf(ask.text)).toContain("Deactivate Dora Doomed?");
    expect(confirmForm(ask.text, action)).toBe(true);
    expect(ask.text).toContain(`href="/o/acme/admin/users/${user.id}"`); // Cancel
    expect((await w.t.services.directory.users.get(w.acme.org.id, user.id)).status).not.toBe("deactivated");
    expect(await audits("user.deactivate")).toHaveLength(0);

    // The confirmation still needs the CSRF token.
    expect((await w.admin.form(`/users/${user.id}/deactivate`, { confirm: "yes" }, false)).status).toBe(403);
    const done = await w.admin.form(`/users/${user.id}/deactivate`, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect((await w.t.services.directory.users.get(w.acme.org.id, user.id)).status).toBe("deactivated");
    expect(await audits("user.deactivate")).toHaveLength(1);
  });

  test("an administrator cannot deactivate themself: no button, and the POST is refused with the reason", async () => {
    const me = await w.t.dataSource.manager.findOneByOrFail(User, { emailKey: "ada@acme.example" });
    const page = await w.admin.page(`/users/${me.id}`);
    expect(page.text).not.toContain(`/users/${me.id}/deactivate`);
    const res = await w.admin.form(`/users/${me.id}/deactivate`, { confirm: "yes" });
    expect(res.status).toBe(303);
    expect((await w.t.services.directory.users.get(w.acme.org.id, me.id)).status).toBe("active");
    const after = await w.admin.page(`/users/${me.id}`);
    expect(textOf(after.text)).toContain("You cannot deactivate your own account here");
  });

  test("another organisation's user is a 404 before any question", async () => {
    const user = await newUser("dora2@acme.example");
    const res = await w.globexAdmin.form(`/o/globex/admin/users/${user.id}/deactivate`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("Dora");
  });

  test.each(["departments", "job-profiles", "permission-types"] as const)(
    "%s: delete asks first, then deletes; another organisation's id is a 404",
    async (path) => {
      const { directory } = w.t.services;
      const service =
        path === "departments"
          ? directory.departments
          : path === "job-profiles"
            ? directory.jobProfiles
            : directory.permissionTypes;
      const entry = await service.create(w.acme.org.id, { name: `Temporary ${path}` } as never);
      expect((await w.globexAdmin.form(`/o/globex/admin/${path}/${entry.id}/delete`)).status).toBe(404);
      const ask = await w.admin.form(`/${path}/${entry.id}/delete`);
      expect(ask.status).toBe(200);
      expect(textOf(ask.text)).toContain(`Delete “Temporary ${path}”?`);
      expect(confirmForm(ask.text, `/o/acme/admin/${path}/${entry.id}/delete`)).toBe(true);
      await expect(service.get(w.acme.org.id, entry.id)).resolves.toBeTruthy();
      const done = await w.admin.form(`/${path}/${entry.id}/delete`, { confirm: "yes" });
      expect(done.status).toBe(303);
      await expect(service.get(w.acme.org.id, entry.id)).rejects.toMatchObject({ status: 404 });
    },
  );

  test("a department in use: the confirmed delete is still refused with the reason", async () => {
    const id = w.acme.org.defaultDepartmentId ?? "";
    const res = await w.admin.form(`/departments/${id}/delete`, { confirm: "yes" });
    expect(res.status).toBe(409);
    expect(await w.t.dataSource.manager.countBy(Department, { id })).toBe(1);
  });

  test("SSO connection: delete asks first; another organisation's id is a 404", async () => {
    const { connection } = await w.t.services.sso.connections.create(w.acme.org.id, {
      name: "To be deleted",
      kind: "saml",
      enabled: false,
      metadataXml: idpMetadataXml(),
    } as never);
    expect((await w.globexAdmin.form(`/o/globex/admin/sso/${connection.id}/delete`)).status).toBe(404);
    const ask = await w.admin.form(`/sso/${connection.id}/delete`);
    expect(ask.status).toBe(200);
    expect(textOf(ask.text)).toContain("Delete “To be deleted”?");
    expect(confirmForm(ask.text, `/o/acme/admin/sso/${connection.id}/delete`)).toBe(true);
    expect(await w.t.dataSource.manager.countBy(SsoConnection, { id: connection.id })).toBe(1);
    expect((await w.admin.form(`/sso/${connection.id}/delete`, { confirm: "yes" })).status).toBe(303);
    expect(await w.t.dataSource.manager.countBy(SsoConnection, { id: connection.id })).toBe(0);
  });

  test("SCIM token: revoke asks first; another organisation's id is a 404 that reveals nothing", async () => {
    const { token, secret } = await w.t.services.auth.tokens.issue(w.acme.org.id, "scim", "Entra");
    const theirs = await w.globexAdmin.form(`/o/globex/admin/scim/tokens/${token.id}/revoke`);
    expect(theirs.status).toBe(404);
    expect(theirs.text).not.toContain("Entra");
    const ask = await w.admin.form(`/scim/tokens/${token.id}/revoke`);
    expect(ask.status).toBe(200);
    expect(textOf(ask.text)).toContain("Revoke the token “Entra”?");
    expect(confirmForm(ask.text, `/o/acme/admin/scim/tokens/${token.id}/revoke`)).toBe(true);
    const scim = () => request(w.t.app).get("/scim/v2/acme/Users").set("Authorization", `Bearer ${secret}`);
    expect(
      (await w.t.dataSource.manager.findOneByOrFail(AccessToken, { id: token.id })).revokedAt,
    ).toBeNull();
    expect((await w.admin.form(`/scim/tokens/${token.id}/revoke`, { confirm: "yes" })).status).toBe(303);
    expect(
      (await w.t.dataSource.manager.findOneByOrFail(AccessToken, { id: token.id })).revokedAt,
    ).not.toBeNull();
    expect((await scim()).status).toBe(401);
  });
});

describe("the language links", () => {
  test("keep the list's filters and page, and never copy a flash or a CSRF token", async () => {
    const res = await w.admin.page("/users?status=active&q=ada&page=1&done=saved");
    expect(res.status).toBe(200);
    const links = [...res.text.matchAll(/<a\s+href="([^"]*)"\s+hreflang="(\w+)"/g)].map((m) => [m[2], m[1]]);
    expect(Object.fromEntries(links)).toEqual({
      en: "/o/acme/admin/users?status=active&amp;q=ada&amp;page=1&amp;lang=en",
      da: "/o/acme/admin/users?status=active&amp;q=ada&amp;page=1&amp;lang=da",
    });
    const upload = await w.admin.page(`/users/import?_csrf=${encodeURIComponent(w.admin.csrf)}`);
    const uploadLinks = [...upload.text.matchAll(/<a\s+href="([^"]*)"\s+hreflang=/g)].map((m) => m[1]);
    expect(uploadLinks).toEqual(["/o/acme/admin/users/import?lang=en", "/o/acme/admin/users/import?lang=da"]);
  });
});

describe("the import from the console", () => {
  const multipart = (b: AdminBrowser, file: Buffer | undefined, csrf = b.csrf) => {
    const req = request(w.t.app)
      .post(`/o/acme/admin/users/import?_csrf=${encodeURIComponent(csrf)}`)
      .set("Cookie", [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    return file
      ? req.attach("file", file, {
          filename: "people.xlsx",
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
      : req.field("nothing", "here");
  };
  const settled = async (jobId: string) => {
    for (let i = 0; i < 200; i += 1) {
      const job = await w.t.services.imports.job(w.acme.org.id, jobId);
      if (job.status !== "running") return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the import did not finish");
  };
  const settledAudit = async (action: string) => {
    for (let i = 0; i < 100; i += 1) {
      const rows = await audits(action);
      if (rows.length) return rows;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return [];
  };

  test("a refused upload redirects to the clean upload page: the token never stays in the page's URL", async () => {
    const res = await multipart(w.admin, undefined);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/o/acme/admin/users/import");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    w.admin.cookies.set(
      "admit_console_flash",
      /admit_console_flash=([^;]+)/.exec(String(res.headers["set-cookie"]))?.[1] ?? "",
    );
    const page = await w.admin.page("/users/import");
    expect(page.text).toMatch(/class="flash flash-error"\s+role="alert"/);
  });

  test("a wrong token on the upload is refused (403) and nothing is imported", async () => {
    const file = await xlsxBuffer({
      rows: [row({ firstName: "Ivy", lastName: "Ink", email: "ivy@acme.example", language: "en" })],
    });
    const res = await multipart(w.admin, file, "not-the-token");
    expect(res.status).toBe(403);
    expect(await w.t.dataSource.manager.countBy(User, { email: "ivy@acme.example" })).toBe(0);
  });

  test("check, apply, and the audit log records the outcome with its counts when the job ends", async () => {
    const org = w.acme.org;
    const file = await xlsxBuffer({
      rows: [
        row({
          firstName: "Nora",
          lastName: "Nielsen",
          email: "nora@acme.example",
          language: "en",
          jobProfile: "Default Job Profile",
          departments: "Default Department",
          permissionTypes: "Learner",
        }),
        row({ firstName: "Otto", lastName: "", email: "otto@acme.example", language: "en" }),
      ],
    });
    const checked = await multipart(w.admin, file);
    expect(checked.status).toBe(303);
    const checkId = /\/import\/([0-9a-f-]{36})$/.exec(String(checked.headers.location))?.[1] ?? "";
    expect((await settled(checkId)).status).toBe("completed");
    const applied = await w.admin.form(`/users/import/${checkId}/apply`);
    expect(applied.status).toBe(303);
    const jobId = /\/import\/([0-9a-f-]{36})$/.exec(String(applied.headers.location))?.[1] ?? "";
    const job = await settled(jobId);
    expect(job.counts).toMatchObject({ created: 1, error: 1 });
    const [finish] = await settledAudit("import.finish");
    expect(finish).toMatchObject({
      targetType: "import",
      targetId: jobId,
      targetLabel: "people.xlsx",
      actorLabel: "Ada Admin (ada@acme.example)",
      summary: "completed: 1 created, 0 skipped, 1 invalid of 2 row(s)",
    });
    // Counts only: no row data in the log.
    expect(finish?.summary).not.toContain("nora");
    expect(
      await w.t.dataSource.manager.countBy(User, { organisationId: org.id, email: "nora@acme.example" }),
    ).toBe(1);
  });
});

describe("secrets are shown once, never cached, never audited", () => {
  test("SCIM token: the create page is no-store; the secret is in no audit row and on no later page", async () => {
    const res = await w.admin.form("/scim/tokens", { name: "Okta" });
    expect(res.status).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const secret =
      /id="scim-token" class="copy" type="text" readonly value="([^"]+)"/.exec(res.text)?.[1] ?? "";
    expect(secret.length).toBeGreaterThan(20);
    const rows = await w.t.dataSource.manager.findBy(AuditEvent, { organisationId: w.acme.org.id });
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect((await w.admin.page("/scim")).text).not.toContain(secret);
    expect(JSON.stringify(await w.t.dataSource.manager.find(AccessToken))).not.toContain(secret);
  });

  test("one-time password: shown on a no-store page, not in the audit log", async () => {
    const org = w.acme.org;
    const user = await w.t.services.directory.users.create(
      org.id,
      {
        firstName: "Otis",
        lastName: "Once",
        email: "otis@acme.example",
        language: "en",
        jobProfileId: org.defaultJobProfileId ?? "",
        departmentIds: [org.defaultDepartmentId ?? ""],
        permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
      },
      { source: "manual" },
    );
    const granted = await w.admin.form(`/users/${user.id}/one-time-password`);
    expect(granted.status).toBe(303);
    const res = await w.admin.page(String(granted.headers.location));
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const password = /<p class="secret"><code>([^<]+)<\/code><\/p>/.exec(res.text)?.[1] ?? "";
    expect(password.length).toBeGreaterThanOrEqual(8);
    const rows = await w.t.dataSource.manager.findBy(AuditEvent, { organisationId: org.id });
    expect(JSON.stringify(rows)).not.toContain(password);
    expect((await w.admin.page(`/users/${user.id}`)).text).not.toContain(password);
  });

  test("an OIDC client secret typed into a refused form is not echoed back", async () => {
    const res = await w.admin.form("/sso/new/oidc", {
      name: "",
      issuer: "not a url",
      clientId: "admit",
      clientSecret: "very-secret-client-secret-123",
    });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain("very-secret-client-secret-123");
  });
});

describe("the template preview", () => {
  test('activation template preview: sandbox="" and no raw markup outside the srcdoc attribute', async () => {
    const res = await w.admin.form("/communication/templates/activation/en", {
      subject: "Hi {{firstName}}",
      html: `<p>Hello {{firstName}} <a href="{{link}}">go</a></p><script>alert(1)</script>"><img src=x onerror=alert(1)>`,
      text: "Hello {{link}}",
      sms: "Go {{link}}",
      intent: "preview",
    });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<iframe\s+class="mail-preview"\s+sandbox=""\s+srcdoc="[^"]*&lt;script&gt;/);
    expect(res.text).not.toContain("<script>alert(1)</script>");
    expect(res.text).not.toContain("<img src=x");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
  });
});
