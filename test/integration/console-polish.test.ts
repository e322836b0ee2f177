import request from "supertest";
import { buildApp } from "../../src/app";
import { AuditEvent } from "../../src/audit";
import { User } from "../../src/directory";
import { MappingRule } from "../../src/mapping";
import { row, xlsxBuffer } from "../support/xlsx";
import { textOf, world, type World } from "./console-support";

/**
 * A first real user's findings on the console, each with the test that failed before its fix:
 * a finished check says what became of it; internal names and raw validator text never reach a
 * page; counts are pluralised; languages are named; a deactivated user's activation does not
 * apply; a reload never grants a second one-time password; deleting a mapping rule asks first.
 */
let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.t.close());

const newUser = (
  email: string | null,
  firstName = "Pia",
  extra: { userName?: string; phone?: string } = {},
) =>
  w.t.services.directory.users.create(
    w.acme.org.id,
    {
      firstName,
      lastName: "Polish",
      email,
      ...extra,
      language: "da",
      jobProfileId: w.acme.org.defaultJobProfileId ?? "",
      departmentIds: [w.acme.org.defaultDepartmentId ?? ""],
      permissionTypeIds: [w.acme.org.defaultPermissionTypeId ?? ""],
    },
    { source: "manual" },
  );

describe("a finished import check says what became of it", () => {
  const upload = (file: Buffer) =>
    request(w.t.app)
      .post(`/o/acme/admin/users/import?_csrf=${encodeURIComponent(w.admin.csrf)}`)
      .set("Cookie", [...w.admin.cookies].map(([k, v]) => `${k}=${v}`).join("; "))
      .attach("file", file, {
        filename: "staff.xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      });
  const settled = async (jobId: string) => {
    for (let i = 0; i < 200; i += 1) {
      const job = await w.t.services.imports.job(w.acme.org.id, jobId);
      if (job.status !== "running") return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the job did not finish");
  };
  const jobIdOf = (res: request.Response) =>
    /\/import\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1] ?? "";
  const person = (first: string, last = "Nurse") =>
    row({
      firstName: first,
      lastName: last,
      email: `${first.toLowerCase()}@acme.example`,
      language: "en",
      jobProfile: "Default Job Profile",
      departments: "Default Department",
      permissionTypes: "Learner",
    });
  let file: Buffer;
  let checkId = "";
  let importId = "";

  beforeAll(async () => {
    // 3 people ready, 2 rows with errors (no last name).
    file = await xlsxBuffer({
      rows: [person("Asta"), person("Bent"), person("Cille"), person("Dorte", ""), person("Egon", "")],
    });
  });

  test("after 'Import these users', the check page links to the import and offers it no more", async () => {
    const checked = await upload(file);
    expect(checked.status).toBe(303);
    checkId = jobIdOf(checked);
    expect((await settled(checkId)).counts).toMatchObject({ valid: 3, error: 2 });
    const before = await w.admin.page(`/users/import/${checkId}`);
    expect(textOf(before.text)).toContain("Nothing has been imported yet.");
    expect(before.text).toContain(`/users/import/${checkId}/apply`);

    const applied = await w.admin.form(`/users/import/${checkId}/apply`);
    expect(applied.status).toBe(303);
    importId = jobIdOf(applied);
    expect((await settled(importId)).counts).toMatchObject({ created: 3, error: 2 });

    const after = await w.admin.page(`/users/import/${checkId}`);
    const text = textOf(after.text);
    expect(text).toContain("These rows were imported:");
    expect(text).not.toContain("Nothing has been imported yet.");
    expect(after.text).toContain(`href="/o/acme/admin/users/import/${importId}"`);
    expect(after.text).not.toContain(`/users/import/${checkId}/apply`);
    // The statuses in words, not the job's internal states.
    expect(text).toContain("Finished");
    expect(text).not.toMatch(/\bcompleted\b/);
  });

  test("after a restart (a fresh app on the same database) the check page still links to the import", async () => {
    const restarted = buildApp(w.t.services);
    const page = await request(restarted)
      .get(`/o/acme/admin/users/import/${checkId}`)
      .set("Cookie", [...w.admin.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain("These rows were imported:");
    expect(page.text).toContain(`href="/o/acme/admin/users/import/${importId}"`);
  });

  test("a second 'Import these users' (back button, double click) leads to that import, never a second one", async () => {
    const count = () => w.t.dataSource.manager.countBy(User, { organisationId: w.acme.org.id });
    const users = await count();
    const again = await w.admin.form(`/users/import/${checkId}/apply`);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/o/acme/admin/users/import/${importId}`);
    expect(await count()).toBe(users);
    expect(await w.t.dataSource.manager.countBy(AuditEvent, { action: "import.apply" })).toBe(1);
  });

  test("re-uploading the same file: nothing ready, so no 'Import these users' and the reason is said", async () => {
    const checked = await upload(file);
    const id = jobIdOf(checked);
    expect((await settled(id)).counts).toMatchObject({ valid: 0, skipped: 3, error: 2 });
    const page = await w.admin.page(`/users/import/${id}`);
    const text = textOf(page.text);
    expect(text).toContain("There is nothing to import: no row is ready.");
    expect(text).toContain("skipped rows are people who already exist");
    expect(text).not.toContain("Import these users");
    expect(page.text).not.toContain(`/users/import/${id}/apply`);
    // A crafted POST is refused as well, and imports nothing.
    const forced = await w.admin.form(`/users/import/${id}/apply`);
    expect(forced.status).toBe(303);
    expect(forced.headers.location).toBe(`/o/acme/admin/users/import/${id}`);
    expect(await w.t.dataSource.manager.countBy(AuditEvent, { action: "import.apply" })).toBe(1);
  });
});

describe("no internal names or raw validator text on a page", () => {
  test("sign-up: choosing departments with none listed says so in words, not 'selectableDepartmentIds'", async () => {
    const res = await w.admin.form("/signup", { enabled: "on", userSelectsDepartment: "on" });
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).toContain("Choose at least one department people may pick from");
    expect(text).not.toContain("selectableDepartmentIds");
  });

  test("the audit log's type filter names the types", async () => {
    const page = await w.admin.page("/audit");
    expect(page.text).toMatch(/<option value="job_profile"[^>]*>\s*Job profile\s*<\/option>/);
    expect(page.text).toMatch(/<option value="permission_type"[^>]*>\s*Permission type\s*<\/option>/);
    expect(page.text).not.toMatch(/>\s*(job_profile|permission_type)\s*</);
  });

  test("activation statuses are labels: 'Needs a one-time password', never 'needs one time password'", async () => {
    // A username and a phone, but no SMS in the organisation's package: nothing can be sent.
    const nobody = await newUser(null, "Noah", { userName: "noah", phone: "+4520123456" });
    const page = await w.admin.page(`/users/${nobody.id}`);
    const text = textOf(page.text);
    expect(text).toContain("Needs a one-time password");
    expect(text).not.toMatch(/needs one time password|needs_one_time_password/);
    const reachable = await newUser("pia@acme.example");
    const other = textOf((await w.admin.page(`/users/${reachable.id}`)).text);
    expect(other).toContain("Not sent yet");
    expect(other).toContain("Email");
    expect(other).not.toMatch(/Status pending|Channel email/);
  });

  test("a broken JSON payload in the mapping dry run: 'not valid JSON' with line and column, in the page's language", async () => {
    const res = await w.admin.form("/scim/mapping/dry-run", { payload: '{\n  "userName": "bo",\n  oops\n}' });
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).toContain("This is not valid JSON: check line 3, column 3.");
    expect(text).not.toMatch(/Expected property|at position \d|payload is not JSON/);
    const da = await w.admin.form("/scim/mapping/dry-run?lang=da", { payload: "{ nope" });
    expect(textOf(da.text)).toContain("Dette er ikke gyldig JSON: se linje 1, kolonne 3.");
  });

  test("a field the form did not send gets the field's message, not zod's", async () => {
    // A crafted or truncated form: no fields at all.
    const res = await w.admin.form("/users", {});
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).not.toMatch(/Invalid input|expected string|received undefined|Too small/);
    expect(text).toContain("Fill this in.");
  });
});

describe("counts and language names", () => {
  test("'1 user' and '2 users', '1 bruger' and '2 brugere'", async () => {
    const one = textOf((await w.admin.page("/users?q=ada%40acme.example")).text);
    expect(one).toContain("1 user ");
    expect(one).not.toContain("1 users");
    const da = textOf((await w.admin.page("/users?q=ada%40acme.example&lang=da")).text);
    expect(da).toContain("1 bruger ");
    expect(da).not.toContain("1 brugere");
    const many = textOf((await w.admin.page("/users")).text);
    expect(many).toMatch(/\b\d+ users\b/);
  });

  test("the user's language is shown and chosen by name, as on the sign-up form", async () => {
    const pia = await newUser("lena@acme.example", "Lena");
    const page = await w.admin.page(`/users/${pia.id}`);
    expect(page.text).toMatch(/<dt>Language<\/dt>\s*<dd>Dansk<\/dd>/);
    const form = await w.admin.page(`/users/${pia.id}/edit`);
    expect(form.text).toMatch(/<option value="da"[^>]*>\s*Dansk\s*<\/option>/);
    expect(form.text).toMatch(/<option value="en"[^>]*>\s*English\s*<\/option>/);
  });
});

describe("a deactivated user's activation", () => {
  test("the panel says the user is deactivated, offers no activation, and the server refuses one", async () => {
    const user = await newUser("dora@acme.example", "Dora");
    await w.t.services.directory.users.setStatus(w.acme.org.id, user.id, "deactivated");
    const page = await w.admin.page(`/users/${user.id}`);
    const panel = textOf(page.text.slice(page.text.indexOf('id="activation"')));
    expect(panel).toContain("This user is deactivated: activation does not apply.");
    expect(panel).not.toMatch(/Not sent yet|pending/i);
    expect(page.text).not.toContain(`/users/${user.id}/activation"`);
    expect(page.text).not.toContain(`/users/${user.id}/one-time-password"`);

    const sent = await w.admin.form(`/users/${user.id}/activation`);
    expect(sent.status).toBe(303);
    const after = textOf((await w.admin.page(`/users/${user.id}`)).text);
    expect(after).toContain("A deactivated user cannot be activated. Reactivate the user first.");
    expect(await w.t.services.notify.outbox.deliveriesFor(w.acme.org.id, user.id)).toEqual([]);
  });
});

describe("a one-time password is granted once, even on reload", () => {
  test("POST → 303 → the password once; a reload says 'already shown' and grants nothing", async () => {
    const user = await newUser("otto@acme.example", "Otto");
    const grants = () =>
      w.t.dataSource.manager.countBy(AuditEvent, { action: "user.one_time_password", targetId: user.id });
    const granted = await w.admin.form(`/users/${user.id}/one-time-password`);
    expect(granted.status).toBe(303);
    const at = String(granted.headers.location);
    expect(at).toMatch(new RegExp(`^/o/acme/admin/users/${user.id}/one-time-password/[\\w-]{20,}$`));
    const shown = await w.admin.page(at);
    expect(shown.status).toBe(200);
    expect(shown.headers["cache-control"]).toBe("no-store");
    const password = /<p class="secret"><code>([^<]+)<\/code><\/p>/.exec(shown.text)?.[1] ?? "";
    expect(password.length).toBeGreaterThanOrEqual(8);
    const hash = (await w.t.dataSource.manager.findOneByOrFail(User, { id: user.id })).passwordHash;

    const reload = await w.admin.page(at);
    expect(reload.status).toBe(410);
    expect(reload.text).not.toContain(password);
    expect(textOf(reload.text)).toContain("This one-time password has already been shown");
    expect(await grants()).toBe(1);
    expect((await w.t.dataSource.manager.findOneByOrFail(User, { id: user.id })).passwordHash).toBe(hash);
  });

  test("another administrator (or another organisation) never sees it", async () => {
    const user = await newUser("olga@acme.example", "Olga");
    const granted = await w.admin.form(`/users/${user.id}/one-time-password`);
    const at = String(granted.headers.location);
    // Signed in to another organisation: turned away before the page (to its sign-in).
    const theirs = await w.globexAdmin.page(at);
    expect(theirs.status).not.toBe(200);
    expect(theirs.text).not.toContain('class="secret"');
    // The owner still gets it once: the other organisation's try did not consume it.
    const mine = await w.admin.page(at);
    expect(mine.status).toBe(200);
    expect(mine.text).toMatch(/<p class="secret"><code>[^<]+<\/code><\/p>/);
  });
});

describe("deleting a mapping rule asks first", () => {
  test("the first POST asks (no JavaScript); only the confirmed one deletes", async () => {
    const created = await w.admin.form("/scim/mapping/rules", {
      target: "department",
      sourceKind: "attribute",
      "source.path": "enterprise.department",
      valueMap: "Cardio = Cardiology",
      unknownPolicy: "create",
    });
    expect(created.status).toBe(303);
    const [rule] = await w.t.dataSource.manager.findBy(MappingRule, { organisationId: w.acme.org.id });
    const action = `/o/acme/admin/scim/mapping/rules/${rule?.id ?? ""}/delete`;
    const asked = await w.admin.form(action);
    expect(asked.status).toBe(200);
    expect(textOf(asked.text)).toContain("is deleted for good");
    expect(asked.text).toMatch(
      new RegExp(`<form method="post" action="${action}"[^>]*>[\\s\\S]*?name="confirm" value="yes"`),
    );
    expect(await w.t.dataSource.manager.countBy(MappingRule, { id: rule?.id })).toBe(1);
    const done = await w.admin.form(action, { confirm: "yes" });
    expect(done.status).toBe(303);
    expect(await w.t.dataSource.manager.countBy(MappingRule, { id: rule?.id })).toBe(0);
  });
});
