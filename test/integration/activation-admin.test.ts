import { ActivationToken } from "../../src/activation";
import type { UserFields } from "../../src/directory";
import { OutboxMessage } from "../../src/notify";
import { createTestApp, createTestOrg, userBody, type TestApp, type TestOrg } from "../support/app";
import { createScimClient, entraUser } from "../support/scim";
import { apiPut, outboxMessages } from "./activation-support";

let t: TestApp;
let acme: TestOrg;
let n = 0;
const email = () => `member${++n}@example.com`;

const create = async (overrides: Record<string, unknown> = {}) =>
  (await acme.post("/users", userBody(acme.org, { email: email(), ...overrides })).expect(201)).body as {
    id: string;
    email: string | null;
  };

const userFields = (address: string): UserFields => ({
  firstName: "Tx",
  lastName: "Person",
  email: address,
  language: "en",
  jobProfileId: acme.org.defaultJobProfileId as string,
  departmentIds: [acme.org.defaultDepartmentId as string],
  permissionTypeIds: [acme.org.defaultPermissionTypeId as string],
});

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTestOrg(t, "acme");
});
afterAll(async () => t?.close());

describe("GET/PUT /communication", () => {
  test("defaults: links last 7 days, no SMS, automatic sending only after sign-up", async () => {
    const res = await acme.get("/communication").expect(200);
    expect(res.body).toEqual({
      autoSend: { scim: false, import: false, manual: false, signup: true },
      smsEnabled: false,
      senderName: null,
      replyTo: null,
      linkLifetimeHours: 168,
      oneTimePasswordLifetimeHours: 168,
      updatedAt: null,
    });
  });

  test("PUT changes the fields given and keeps the rest", async () => {
    const res = await apiPut(t, acme, "/communication", {
      autoSend: { scim: true },
      senderName: "Acme Learning",
      replyTo: "help@acme.test",
      linkLifetimeHours: 48,
    }).expect(200);
    expect(res.body).toMatchObject({
      autoSend: { scim: true, import: false, manual: false, signup: true },
      senderName: "Acme Learning",
      replyTo: "help@acme.test",
      linkLifetimeHours: 48,
      oneTimePasswordLifetimeHours: 168,
    });
    expect((await acme.get("/communication").expect(200)).body).toEqual(res.body);
    await apiPut(t, acme, "/communication", { senderName: null, linkLifetimeHours: 168 }).expect(200);
  });

  test.each([
    [{ colour: "red" }, "request.unknown_field"],
    [{ autoSend: { sso: true } }, "request.unknown_field"],
    [{ replyTo: "not an email" }, "request.invalid_field"],
    [{ linkLifetimeHours: 0 }, "request.invalid_field"],
    [{ oneTimePasswordLifetimeHours: 10_000 }, "request.invalid_field"],
    [{ senderName: "Evil\r\nBcc: x@y.z" }, "request.invalid_field"],
    [{ smsEnabled: "yes" }, "request.invalid_field"],
  ])("PUT %j → 400 %s", async (body, code) => {
    const res = await apiPut(t, acme, "/communication", body).expect(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
  });
});

describe("GET/PUT /communication/templates/{purpose}/{language}", () => {
  const own = {
    subject: "Welcome to {{organisation}}",
    html: '<p>Hello {{firstName}}, <a href="{{link}}">start here</a></p>',
    text: "Hello {{firstName}}, start here: {{link}}",
    sms: "Start here: {{link}}",
  };

  test("the built-in English and Danish templates are shown until the organisation writes its own", async () => {
    const en = await acme.get("/communication/templates/activation/en").expect(200);
    expect(en.body).toMatchObject({
      purpose: "activation",
      language: "en",
      isDefault: true,
      updatedAt: null,
    });
    expect(en.body.subject).toBe("Activate your {{organisation}} account");
    const da = await acme.get("/communication/templates/password_reset/da").expect(200);
    expect(da.body.subject).toBe("Nulstil din adgangskode hos {{organisation}}");
    for (const purpose of ["one_time_password", "signup_attempt"])
      await acme.get(`/communication/templates/${purpose}/en`).expect(200);
  });

  test("PUT stores the organisation's own; it is used for the next message", async () => {
    const put = await apiPut(t, acme, "/communication/templates/activation/en", own).expect(200);
    expect(put.body).toMatchObject({ ...own, isDefault: false });
    expect((await acme.get("/communication/templates/activation/en").expect(200)).body).toMatchObject(own);
    const user = await create({ firstName: "<b>Zed</b>" });
    await acme.post(`/users/${user.id}/activation`).expect(202);
    const [message] = await outboxMessages(t, { to: user.email as string });
    expect(message?.subject).toBe("Welcome to acme org");
    expect(message?.html).toContain(
      'Hello &lt;b&gt;Zed&lt;/b&gt;, <a href="http://admit.test/o/acme/activate/',
    );
  });

  test.each([
    [
      "/communication/templates/activation/en",
      { ...own, sms: "no link here" },
      422,
      "activation.placeholder_missing",
    ],
    [
      "/communication/templates/activation/en",
      { ...own, text: "{{link}} {{secret}}" },
      422,
      "activation.unknown_placeholder",
    ],
    ["/communication/templates/welcome/en", own, 404, "activation.unknown_purpose"],
    ["/communication/templates/activation/de", own, 422, "activation.language_not_enabled"],
    ["/communication/templates/activation/en", { ...own, subject: "" }, 400, "request.invalid_field"],
    ["/communication/templates/activation/en", { ...own, extra: 1 }, 400, "request.unknown_field"],
  ])("PUT %s refused (%#) → %i %s", async (path, body, status, code) => {
    const res = await apiPut(t, acme, path, body).expect(status);
    expect(res.body.code).toBe(code);
  });
});

describe("sending activation", () => {
  test("POST /users/{id}/activation → 202; resending replaces the link; status shows the delivery", async () => {
    const user = await create();
    const first = await acme.post(`/users/${user.id}/activation`).expect(202);
    expect(first.body).toMatchObject({ userId: user.id, status: "pending", channel: "email" });
    expect(first.body.link).toMatchObject({ channel: "email", usedAt: null, replaced: false });
    expect(first.body.delivery).toMatchObject({ channel: "email", status: "pending", purpose: "activation" });
    expect(first.body.delivery.to).not.toBe(user.email); // masked
    await acme.post(`/users/${user.id}/activation`).expect(202);
    expect(await outboxMessages(t, { to: user.email as string })).toHaveLength(2);
    const status = await acme.get(`/users/${user.id}/activation`).expect(200);
    expect(status.body.delivery.id).not.toBe(first.body.delivery.id);
  });

  test("409 activation.already_active for an active user; 409 for a deactivated one", async () => {
    const user = await create();
    await t.services.directory.users.setStatus(acme.org.id, user.id, "active");
    expect((await acme.post(`/users/${user.id}/activation`).expect(409)).body.code).toBe(
      "activation.already_active",
    );
    await acme.post(`/users/${user.id}/deactivate`).expect(200);
    expect((await acme.post(`/users/${user.id}/activation`).expect(409)).body.code).toBe(
      "activation.user_deactivated",
    );
  });

  test("422 activation.no_channel for a username + phone user without the SMS package; SMS with it", async () => {
    const user = await create({ email: null, userName: `phone${++n}`, phone: "+4520123470" });
    const status = await acme.get(`/users/${user.id}/activation`).expect(200);
    expect(status.body).toMatchObject({ status: "needs_one_time_password", channel: null });
    const refused = await acme.post(`/users/${user.id}/activation`).expect(422);
    expect(refused.body.code).toBe("activation.no_channel");
    await apiPut(t, acme, "/communication", { smsEnabled: true }).expect(200);
    try {
      const sent = await acme.post(`/users/${user.id}/activation`).expect(202);
      expect(sent.body).toMatchObject({ channel: "sms", delivery: { channel: "sms" } });
    } finally {
      await apiPut(t, acme, "/communication", { smsEnabled: false }).expect(200);
    }
  });

  test("unknown user → 404", async () => {
    await acme.post("/users/00000000-0000-4000-8000-000000000000/activation").expect(404);
    await acme.get("/users/00000000-0000-4000-8000-000000000000/activation").expect(404);
  });

  test("POST /users/activation sends to every pending user of a department and counts", async () => {
    const department = (await acme.post("/departments", { name: "Night shift" }).expect(201)).body.id;
    const inDept = { departmentIds: [department] };
    const reachable = [await create(inDept), await create(inDept)];
    await create({ ...inDept, email: null, userName: `nophone${++n}`, phone: "+4520123471" });
    const active = await create(inDept);
    await t.services.directory.users.setStatus(acme.org.id, active.id, "active");
    await create(); // another department
    const res = await acme
      .post("/users/activation", { status: "pending", departmentId: department })
      .expect(200);
    expect(res.body).toEqual({ matched: 3, sent: 2, needsOneTimePassword: 1 });
    for (const user of reachable)
      expect((await acme.get(`/users/${user.id}/activation`).expect(200)).body.status).toBe("pending");
    await acme.post("/users/activation", { status: "active" }).expect(400);
    await acme.post("/users/activation", {}).expect(400);
  });
});

describe("automatic activation when an admin creates a user", () => {
  test("with auto-send for manual creation the new user's message is enqueued; without, nothing", async () => {
    await apiPut(t, acme, "/communication", { autoSend: { manual: true } }).expect(200);
    const on = await create();
    expect(await outboxMessages(t, { to: on.email as string, purpose: "activation" })).toHaveLength(1);
    await apiPut(t, acme, "/communication", { autoSend: { manual: false } }).expect(200);
    const off = await create();
    expect(await outboxMessages(t, { to: off.email as string })).toEqual([]);
  });

  test("the message is part of the creating transaction: rolled back, nothing is left", async () => {
    await apiPut(t, acme, "/communication", { autoSend: { manual: true } }).expect(200);
    const to = email();
    const { directory, withTransaction } = t.services;
    const before = await t.dataSource.getRepository(OutboxMessage).count();
    const tokens = () => t.dataSource.getRepository(ActivationToken).countBy({ organisationId: acme.org.id });
    const tokensBefore = await tokens();
    let insideTransaction = 0;
    await expect(
      withTransaction(async (tx) => {
        await directory.users.create(acme.org.id, userFields(to), { source: "manual" }, tx);
        insideTransaction = await tx.count(OutboxMessage);
        throw new Error("a later step of the same change fails");
      }),
    ).rejects.toThrow("later step");
    expect(insideTransaction).toBe(before + 1);
    expect(await t.dataSource.getRepository(OutboxMessage).count()).toBe(before);
    expect(await tokens()).toBe(tokensBefore);
    expect(await directory.users.findByLogin(acme.org.id, to)).toBeNull();
    await apiPut(t, acme, "/communication", { autoSend: { manual: false } }).expect(200);
  });
});

describe("automatic activation for SCIM-created users", () => {
  test("sent when the organisation auto-sends for SCIM; not for users created inactive", async () => {
    const scim = await createScimClient(t, "scimco");
    await apiPut(t, scim.org, "/communication", { autoSend: { scim: true } }).expect(200);
    const created = await scim.post("/Users", entraUser("ivy@scimco.example")).expect(201);
    const [message] = await outboxMessages(t, { to: "ivy@scimco.example" });
    expect(message).toMatchObject({
      purpose: "activation",
      channel: "email",
      organisationId: scim.org.org.id,
    });
    expect(message?.text).toContain("http://admit.test/o/scimco/activate/");
    await scim.post("/Users", entraUser("off@scimco.example", { active: false })).expect(201);
    expect(await outboxMessages(t, { to: "off@scimco.example" })).toEqual([]);
    const status = await scim.org.get(`/users/${created.body.id}/activation`).expect(200);
    expect(status.body.status).toBe("pending");
  });
});
