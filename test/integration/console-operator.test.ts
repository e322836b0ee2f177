import { AuditEvent } from "../../src/audit";
import { Organisation } from "../../src/directory";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, createTestOrg, type TestApp } from "../support/app";
import { AdminBrowser, createMember, rowsOf, textOf } from "./console-support";

/**
 * The platform operator's view: administrators of PLATFORM_ORGANISATION list and create
 * organisations; for anyone else the page does not exist.
 */
let t: TestApp;
let operator: AdminBrowser;
let acmeAdmin: AdminBrowser;
let platformLearner: AdminBrowser;

beforeAll(async () => {
  t = await createTestApp({ config: { platformOrganisation: "platform" } });
  const platform = await createTestOrg(t, "platform");
  const acme = await createTestOrg(t, "acme");
  await createMember(t, platform.org, "op@platform.example", true, ["Olga", "Operator"]);
  await createMember(t, platform.org, "lee@platform.example", false);
  await createMember(t, acme.org, "ada@acme.example", true);
  operator = await new AdminBrowser(t, "platform").signIn("op@platform.example");
  platformLearner = await new AdminBrowser(t, "platform").signIn("lee@platform.example");
  acmeAdmin = await new AdminBrowser(t, "acme").signIn("ada@acme.example");
});
afterAll(async () => t?.close());

const orgCount = () => t.dataSource.manager.count(Organisation);

test("only the platform organisation's administrators see it; others get 404 (or 403 without console access)", async () => {
  expect((await acmeAdmin.page("/organisations")).status).toBe(404);
  expect(
    (
      await acmeAdmin.form("/organisations", {
        name: "X",
        slug: "x",
        firstName: "A",
        lastName: "B",
        email: "a@x.example",
      })
    ).status,
  ).toBe(404);
  expect(await t.services.directory.organisations.findBySlug("x")).toBeNull();
  expect((await platformLearner.page("/organisations")).status).toBe(403);
  const nav = await acmeAdmin.page("/users");
  expect(nav.text).not.toContain("/admin/organisations");
});

test("the operator lists organisations, paged and searchable", async () => {
  const res = await operator.page("/organisations");
  expect(res.status).toBe(200);
  expect(res.text).toContain('href="/o/platform/admin/organisations" aria-current="page"');
  expect(
    rowsOf(res.text)
      .slice(1)
      .map((r) => r.split(" /o/")[1]?.split(" ")[0]),
  ).toEqual(["acme", "platform"]);
  const found = await operator.page("/organisations?q=acm");
  expect(rowsOf(found.text).slice(1)).toHaveLength(1);
});

test("bad input is refused inline and creates nothing", async () => {
  const before = await orgCount();
  const res = await operator.form("/organisations", {
    name: "",
    slug: "Not A Slug!",
    firstName: "",
    lastName: "",
    email: "",
  });
  expect(res.status).toBe(422);
  expect(res.text).toContain('href="#f-firstName"');
  const taken = await operator.form("/organisations", {
    name: "Acme again",
    slug: "acme",
    languages: ["en"],
    firstName: "A",
    lastName: "B",
    email: "a@b.example",
  });
  expect(taken.status).toBe(422);
  expect(taken.text).toMatch(/id="f-slug-error">/);
  expect(await orgCount()).toBe(before);
});

test("creating an organisation creates its first administrator and sends the activation", async () => {
  const res = await operator.form("/organisations", {
    name: "Globex Health",
    slug: "globex",
    defaultLanguage: "da",
    languages: ["en", "da"],
    firstName: "Gus",
    lastName: "Globex",
    email: "gus@globex.example",
  });
  expect(res.status).toBe(303);
  const page = await operator.page("/organisations");
  expect(textOf(page.text)).toContain(
    "“Globex Health” was created; the activation email to gus@globex.example is on its way.",
  );
  const org = await t.services.directory.organisations.getBySlug("globex");
  expect(org).toMatchObject({ name: "Globex Health", defaultLanguage: "da" });
  const users = await t.services.directory.users.list(org.id, {});
  expect(users.items.map((u) => [u.email, u.consoleAccess, u.status])).toEqual([
    ["gus@globex.example", true, "pending"],
  ]);
  expect(
    await t.dataSource.manager.countBy(OutboxMessage, { organisationId: org.id, purpose: "activation" }),
  ).toBe(1);
  const audit = await t.dataSource.manager.findBy(AuditEvent, { action: "organisation.create" });
  expect(audit.map((a) => [a.actorKind, a.actorLabel])).toEqual([
    ["operator", "Olga Operator (op@platform.example)"],
    ["operator", "Olga Operator (op@platform.example)"],
  ]);
});
