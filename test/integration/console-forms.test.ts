import { AuditEvent } from "../../src/audit";
import { DirectoryEvent, User } from "../../src/directory";
import { rowsOf, textOf, world, type World } from "./console-support";

/**
 * The console's forms against the real app and database: the directory's own rules answer inline
 * (next to the field and in the linked summary), bad input writes nothing, another organisation's
 * ids are a 404 that changes nothing, and every successful write leaves an audit event.
 */
let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.t.close());

const counts = async () => ({
  users: await w.t.dataSource.manager.count(User),
  events: await w.t.dataSource.manager.count(DirectoryEvent),
  audit: await w.t.dataSource.manager.count(AuditEvent),
});

const validUser = (overrides: Record<string, string | string[]> = {}) => {
  const org = w.acme.org;
  return {
    firstName: "Mia",
    lastName: "Madsen",
    email: "mia@acme.example",
    userName: "",
    phone: "",
    language: "en",
    jobProfileId: org.defaultJobProfileId ?? "",
    departmentIds: [org.defaultDepartmentId ?? ""],
    permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
    externalId: "",
    ...overrides,
  };
};

describe("creating a user", () => {
  test("missing and invalid fields: 422, each problem next to its field and in the summary, nothing written", async () => {
    const before = await counts();
    const res = await w.admin.form("/users", validUser({ lastName: "", email: "", departmentIds: [] }));
    expect(res.status).toBe(422);
    // The summary: role=alert, each problem a link to its field.
    expect(res.text).toMatch(/class="alert error-summary"\s+role="alert"/);
    expect(res.text).toContain('href="#f-lastName"');
    expect(res.text).toContain('href="#f-departmentIds"');
    // Inline, wired to the control.
    expect(res.text).toMatch(/<p class="field-error" id="f-lastName-error">Last name is required<\/p>/);
    expect(res.text).toMatch(
      /id="f-lastName"[^>]*aria-invalid="true"[^>]*aria-describedby="f-lastName-error"/,
    );
    expect(res.text).toMatch(/id="f-departmentIds-error">At least one department is required/);
    // Email or username+phone: the directory's rule, as the API answers it.
    expect(textOf(res.text)).toMatch(/An email, or a username and a phone number, is required/);
    // What was typed is kept.
    expect(res.text).toMatch(/id="f-firstName"[^>]*value="Mia"/);
    expect(await counts()).toEqual(before);
  });

  test("another organisation's catalogue ids are refused like unknown ones", async () => {
    const before = await counts();
    const g = w.globex.org;
    const res = await w.admin.form(
      "/users",
      validUser({ jobProfileId: g.defaultJobProfileId ?? "", departmentIds: [g.defaultDepartmentId ?? ""] }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-jobProfileId-error">No such job profile in this organisation/);
    expect(res.text).toMatch(/id="f-departmentIds-error">No such department in this organisation/);
    expect(await counts()).toEqual(before);
  });

  test("a good form creates the user (source manual), audits it, and shows the user page", async () => {
    const res = await w.admin.form("/users", validUser());
    expect(res.status).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/o\/acme\/admin\/users\/[0-9a-f-]{36}$/);
    const page = await w.admin.get(location);
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain("The user was created.");
    expect(textOf(page.text)).toContain("Mia Madsen");
    const user = await w.t.dataSource.manager.findOneByOrFail(User, { emailKey: "mia@acme.example" });
    expect(user).toMatchObject({ organisationId: w.acme.org.id, source: "manual", status: "pending" });
    const audit = await w.t.services.audit.list(w.acme.org.id, { action: "user.create" });
    expect(audit.items[0]).toMatchObject({
      actorKind: "user",
      actorLabel: "Ada Admin (ada@acme.example)",
      targetId: user.id,
      targetLabel: "Mia Madsen",
    });
  });

  test("the user and its audit row commit together: no audit row, no user", async () => {
    const before = await counts();
    const spy = jest.spyOn(w.t.services.audit, "record").mockRejectedValueOnce(new Error("audit store down"));
    try {
      const res = await w.admin.form(
        "/users",
        validUser({ email: "rollback@acme.example", firstName: "Rolf" }),
      );
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(await counts()).toEqual(before);
    expect(await w.t.dataSource.manager.findOneBy(User, { emailKey: "rollback@acme.example" })).toBeNull();
  });

  test("a taken email: refused next to the email field, nothing written", async () => {
    const before = await counts();
    const res = await w.admin.form("/users", validUser({ firstName: "Other" }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-email-error">[^<]*(taken|already|in use)/i);
    expect(await counts()).toEqual(before);
  });
});

describe("editing, deactivating, activation, one-time password", () => {
  let id: string;
  beforeAll(async () => {
    id = (await w.t.dataSource.manager.findOneByOrFail(User, { emailKey: "mia@acme.example" })).id;
  });

  test("a bad edit is refused inline and changes nothing", async () => {
    const before = await w.t.dataSource.manager.findOneByOrFail(User, { id });
    const res = await w.admin.form(`/users/${id}`, validUser({ firstName: "", email: "not-an-email" }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-firstName-error">First name is required/);
    expect(res.text).toMatch(/id="f-email-error">/);
    expect(await w.t.dataSource.manager.findOneByOrFail(User, { id })).toEqual(before);
  });

  test("a good edit is saved and audited with the changed fields' names (not their values)", async () => {
    const res = await w.admin.form(`/users/${id}`, validUser({ lastName: "Munk", phone: "+45 20 11 22 33" }));
    expect(res.status).toBe(303);
    const user = await w.t.services.directory.users.view(w.acme.org.id, id);
    expect([user.lastName, user.phone]).toEqual(["Munk", "+4520112233"]);
    const event = (await w.t.services.audit.list(w.acme.org.id, { action: "user.update" })).items[0];
    expect(event?.summary).toBe("changed: lastName, phone");
  });

  test("deactivate and reactivate", async () => {
    expect((await w.admin.form(`/users/${id}/deactivate`, { confirm: "yes" })).status).toBe(303);
    expect((await w.t.services.directory.users.get(w.acme.org.id, id)).status).toBe("deactivated");
    const page = await w.admin.page(`/users/${id}`);
    expect(textOf(page.text)).toContain("The user was deactivated");
    expect((await w.admin.form(`/users/${id}/reactivate`)).status).toBe(303);
    expect((await w.t.services.directory.users.get(w.acme.org.id, id)).status).toBe("pending");
  });

  test("send the activation: queued in the outbox, shown on the user page", async () => {
    expect((await w.admin.form(`/users/${id}/activation`)).status).toBe(303);
    const page = await w.admin.page(`/users/${id}`);
    expect(textOf(page.text)).toContain("The activation message is on its way.");
    const deliveries = rowsOf(page.text.slice(page.text.indexOf('id="deliveries"')));
    // The purpose and channel in words (console polish), not "activation" / "email".
    expect(deliveries.some((r) => r.includes("Activation") && r.includes("Email"))).toBe(true);
    expect(textOf(page.text)).toContain("Resend activation");
  });

  test("a one-time password is shown once, stored only hashed", async () => {
    const granted = await w.admin.form(`/users/${id}/one-time-password`);
    expect(granted.status).toBe(303);
    const res = await w.admin.page(String(granted.headers.location));
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const password = /<p class="secret"><code>([^<]+)<\/code><\/p>/.exec(res.text)?.[1];
    expect(password).toBeDefined();
    const user = await w.t.services.directory.users.get(w.acme.org.id, id);
    expect(user.passwordMustChange).toBe(true);
    expect(user.passwordHash).not.toContain(password as string);
    const again = await w.admin.page(`/users/${id}`);
    expect(again.text).not.toContain(password as string);
    const audit = await w.t.dataSource.manager.find(AuditEvent, {});
    expect(JSON.stringify(audit)).not.toContain(password as string);
  });
});

describe("another organisation's ids", () => {
  let theirUser: string;
  let theirDepartment: string;
  beforeAll(async () => {
    theirUser = (await w.t.services.directory.users.list(w.globex.org.id, {})).items[0]?.id ?? "";
    theirDepartment = w.globex.org.defaultDepartmentId ?? "";
  });

  test("every page and form on another organisation's user or department is a 404 that changes nothing", async () => {
    const before = await w.t.dataSource.query("SELECT * FROM users ORDER BY id");
    const beforeDepartments = await w.t.dataSource.query("SELECT * FROM departments ORDER BY id");
    const auditBefore = await w.t.dataSource.manager.count(AuditEvent);
    const gets = [`/users/${theirUser}`, `/users/${theirUser}/edit`, `/departments/${theirDepartment}`];
    for (const path of gets) expect([path, (await w.admin.page(path)).status]).toEqual([path, 404]);
    const posts = [
      `/users/${theirUser}`,
      `/users/${theirUser}/deactivate`,
      `/users/${theirUser}/reactivate`,
      `/users/${theirUser}/activation`,
      `/users/${theirUser}/one-time-password`,
      `/departments/${theirDepartment}`,
      `/departments/${theirDepartment}/delete`,
    ];
    for (const path of posts) {
      const res = await w.admin.form(path, validUser({ name: "Stolen", firstName: "Stolen" }));
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain("Gus");
    }
    expect(await w.t.dataSource.query("SELECT * FROM users ORDER BY id")).toEqual(before);
    expect(await w.t.dataSource.query("SELECT * FROM departments ORDER BY id")).toEqual(beforeDepartments);
    expect(await w.t.dataSource.manager.count(AuditEvent)).toBe(auditBefore);
  });
});

describe("departments, job profiles, permission types", () => {
  test("create, a duplicate name refused inline, rename, delete; the default is marked and kept", async () => {
    expect((await w.admin.form("/departments", { name: "Night shift" })).status).toBe(303);
    const dup = await w.admin.form("/departments", { name: "night shift" });
    expect(dup.status).toBe(409);
    expect(dup.text).toMatch(/id="f-name-error">/);
    const list = await w.admin.page("/departments");
    const rows = rowsOf(list.text);
    expect(rows.find((r) => r.startsWith("Default Department"))).toContain("Default");
    const id = (await w.t.services.directory.departments.findByName(w.acme.org.id, "Night shift"))?.id ?? "";
    expect((await w.admin.form(`/departments/${id}`, { name: "" })).status).toBe(422);
    expect((await w.admin.form(`/departments/${id}`, { name: "Evening shift" })).status).toBe(303);
    expect((await w.t.services.directory.departments.get(w.acme.org.id, id)).name).toBe("Evening shift");
    expect((await w.admin.form(`/departments/${id}/delete`, { confirm: "yes" })).status).toBe(303);
    expect(await w.t.services.directory.departments.findByName(w.acme.org.id, "Evening shift")).toBeNull();
    const actions = (await w.t.services.audit.list(w.acme.org.id, { action: "department." })).items.map(
      (e) => e.action,
    );
    expect(actions).toEqual(["department.delete", "department.update", "department.create"]);
  });

  test("deleting the default or an entry in use is refused, with the reason shown", async () => {
    const res = await w.admin.form(`/departments/${w.acme.org.defaultDepartmentId ?? ""}/delete`, {
      confirm: "yes",
    });
    expect(res.status).toBe(409);
    expect(textOf(res.text)).toContain(
      "“Default Department” was not deleted: Default Department is the default and cannot be deleted",
    );
    await w.t.services.directory.jobProfiles.create(w.acme.org.id, { name: "Nurse" });
    const nurse = await w.t.services.directory.jobProfiles.findByName(w.acme.org.id, "Nurse");
    const mia = await w.t.dataSource.manager.findOneByOrFail(User, { emailKey: "mia@acme.example" });
    await w.t.services.directory.users.update(w.acme.org.id, mia.id, { jobProfileId: nurse?.id });
    const inUse = await w.admin.form(`/job-profiles/${nurse?.id ?? ""}/delete`, { confirm: "yes" });
    expect(inUse.status).toBe(409);
    // "1 user", not "1 user(s)" (console polish).
    expect(textOf(inUse.text)).toContain("“Nurse” was not deleted: Nurse is assigned to 1 user;");
    expect(await w.t.services.directory.jobProfiles.findByName(w.acme.org.id, "Nurse")).not.toBeNull();
  });

  test("a department's parent: set, and a cycle refused inline", async () => {
    const { departments } = w.t.services.directory;
    const org = w.acme.org.id;
    const ward = await departments.create(org, { name: "Ward A" });
    const wing = await departments.create(org, { name: "West wing" });
    expect(
      (await w.admin.form(`/departments/${ward.id}`, { name: "Ward A", parentId: wing.id })).status,
    ).toBe(303);
    expect((await departments.get(org, ward.id)).parentId).toBe(wing.id);
    const cycle = await w.admin.form(`/departments/${wing.id}`, { name: "West wing", parentId: ward.id });
    expect(cycle.status).toBe(422);
    expect(cycle.text).toMatch(/id="f-parentId-error">A department cannot be its own ancestor/);
    expect((await departments.get(org, wing.id)).parentId).toBeNull();
    const theirs = await w.admin.form(`/departments/${ward.id}`, {
      name: "Ward A",
      parentId: w.globex.org.defaultDepartmentId ?? "",
    });
    expect(theirs.status).toBe(422);
    expect((await departments.get(org, ward.id)).parentId).toBe(wing.id);
  });

  test("a permission type's console access is a checkbox", async () => {
    expect((await w.admin.form("/permission-types", { name: "Helpdesk", consoleAccess: "1" })).status).toBe(
      303,
    );
    const helpdesk = await w.t.services.directory.permissionTypes.findByName(w.acme.org.id, "Helpdesk");
    expect(helpdesk?.consoleAccess).toBe(true);
  });
});

describe("the users list", () => {
  beforeAll(async () => {
    const { directory } = w.t.services;
    const org = w.acme.org;
    const night = await directory.departments.create(org.id, { name: "Nights" });
    for (let i = 0; i < 55; i++) {
      await directory.users.create(
        org.id,
        {
          firstName: `Person${String(i).padStart(2, "0")}`,
          lastName: i % 2 ? "Odd" : "Even",
          email: `p${i}@acme.example`,
          language: "en",
          jobProfileId: org.defaultJobProfileId ?? "",
          departmentIds: [i < 5 ? night.id : (org.defaultDepartmentId ?? "")],
          permissionTypeIds: [org.defaultPermissionTypeId ?? ""],
        },
        { source: i % 3 ? "manual" : "import" },
      );
    }
  });

  test("paged in the database: 50 a page, a next link that keeps the filters", async () => {
    const page1 = await w.admin.page("/users?q=person");
    expect(rowsOf(page1.text)).toHaveLength(51); // header + 50
    expect(textOf(page1.text)).toContain("1–50 of 55");
    expect(page1.text).toContain('href="/o/acme/admin/users?q=person&amp;page=2" rel="next"');
    const page2 = await w.admin.page("/users?q=person&page=2");
    expect(rowsOf(page2.text)).toHaveLength(6);
  });

  test("search and filters (department, source, status), combined", async () => {
    const nights = await w.t.services.directory.departments.findByName(w.acme.org.id, "Nights");
    const res = await w.admin.page(`/users?departmentId=${nights?.id ?? ""}`);
    // Which people match, not their order: users created in the same millisecond are ordered by
    // their random ids (the list's stable tie-breaker).
    expect(
      rowsOf(res.text)
        .slice(1)
        .map((r) => r.split(" ")[0])
        .sort(),
    ).toEqual(["Person00", "Person01", "Person02", "Person03", "Person04"]);
    const imported = await w.admin.page("/users?q=person&source=import&status=pending");
    expect(textOf(imported.text)).toContain("1–19 of 19");
    const byEmail = await w.admin.page("/users?q=p12%40");
    expect(rowsOf(byEmail.text).slice(1)).toHaveLength(1);
    // A filter value that is not valid is dropped, not an error page.
    expect((await w.admin.page("/users?status=bogus&page=-4")).status).toBe(200);
  });

  test("another organisation's people never appear", async () => {
    const res = await w.admin.page("/users?q=gus");
    expect(textOf(res.text)).toContain("0–0 of 0");
  });
});

test("the console speaks the organisation's languages (Danish)", async () => {
  const res = await w.admin.page("/users?lang=da");
  expect(res.text).toContain('<html lang="da">');
  expect(textOf(res.text)).toContain("Brugere");
  expect(textOf(res.text)).toContain("Søg i navn, e-mail eller brugernavn");
  expect(res.text).toMatch(/aria-current="page"\s*>Brugere</);
});

describe("the audit log", () => {
  test("admin API writes are recorded with the API key's name", async () => {
    await w.acme.post("/departments", { name: "From the API" }).expect(201);
    await new Promise((r) => setTimeout(r, 50));
    const page = await w.admin.page("/audit?actor=tests");
    const rows = rowsOf(page.text).slice(1);
    expect(rows[0]).toContain("api POST /departments");
    expect(rows[0]).toContain("API key");
  });

  test("filters by action and target, paged, newest first", async () => {
    const page = await w.admin.page("/audit?action=user.&targetType=user");
    const rows = rowsOf(page.text).slice(1);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => /user\./.test(r))).toBe(true);
    expect(rows[0]).toContain("user.one_time_password");
  });

  test("another organisation's audit events never appear", async () => {
    await w.globexAdmin.form("/departments", { name: "Globex only" });
    const page = await w.admin.page("/audit");
    expect(page.text).not.toContain("Globex only");
  });
});
