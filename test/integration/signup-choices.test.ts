import type { TestApp, TestOrg } from "../support/app";
import { createTestOrg } from "../support/app";
import { apiPut, outboxMessages } from "./activation-support";
import {
  Browser,
  control,
  fieldError,
  openOrg,
  person,
  signUp,
  signupApp,
  texter,
  usersOf,
} from "./signup-support";

let t: TestApp;
beforeAll(async () => {
  t = await signupApp();
});
afterAll(async () => t?.close());

describe("the admin API: GET/PUT /orgs/{org}/signup", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg(t, "settings");
  });

  test("off until turned on; the defaults fall back to the organisation's", async () => {
    const res = await org.get("/signup").expect(200);
    expect(res.body).toMatchObject({
      enabled: false,
      userSelectsDepartment: false,
      selectableDepartmentIds: [],
      allowedEmailDomains: [],
      defaultDepartmentId: null,
      effectiveDefaults: {
        departmentId: org.org.defaultDepartmentId,
        jobProfileId: org.org.defaultJobProfileId,
        permissionTypeId: org.org.defaultPermissionTypeId,
      },
    });
  });

  test("a partial PUT keeps the other fields; domains are normalized; own defaults win", async () => {
    const jobProfile = await org.post("/job-profiles", { name: "Volunteer" }).expect(201);
    await apiPut(t, org, "/signup", { enabled: true, allowedEmailDomains: ["@Corp.Example"] }).expect(200);
    const res = await apiPut(t, org, "/signup", { defaultJobProfileId: jobProfile.body.id }).expect(200);
    expect(res.body).toMatchObject({ enabled: true, allowedEmailDomains: ["corp.example"] });
    expect(res.body.effectiveDefaults.jobProfileId).toBe(jobProfile.body.id);
    // Deleting it sets the sign-up default back to the organisation's.
    await org.del(`/job-profiles/${jobProfile.body.id}`).expect(204);
    const after = await org.get("/signup").expect(200);
    expect(after.body.defaultJobProfileId).toBeNull();
    expect(after.body.effectiveDefaults.jobProfileId).toBe(org.org.defaultJobProfileId);
  });

  test.each([
    [{ enabled: "yes" }, 400, "request.invalid_field"],
    [{ colour: "blue" }, 400, "request.unknown_field"],
    [{ userSelectsDepartment: true, selectableDepartmentIds: [] }, 422, "signup.departments_required"],
    [{ selectableDepartmentIds: ["no-such-department"] }, 422, "signup.department_not_found"],
    [{ defaultPermissionTypeId: "no-such-type" }, 422, "signup.default_not_found"],
    [{ allowedEmailDomains: ["not a domain"] }, 422, "signup.invalid_domain"],
  ])("%j → %i %s", async (body, status, code) => {
    const res = await apiPut(t, org, "/signup", body).expect(status);
    expect(res.body.code).toBe(code);
  });
});

describe("departments", () => {
  test("not offered: no choice on the form, a posted department is ignored, the default is assigned", async () => {
    const org = await openOrg(t, "nodept");
    const other = await org.post("/departments", { name: "Elsewhere" }).expect(201);
    const page = await new Browser(t).get("/o/nodept/signup");
    expect(page.text).not.toContain('id="departmentId"');
    const form = person({ departmentId: other.body.id });
    expect((await signUp(new Browser(t), "nodept", form)).status).toBe(200);
    const user = (await usersOf(t, org)).find((u) => u.email === form.email);
    const view = await org.get(`/users/${user?.id}`).expect(200);
    expect(view.body.departments.map((d: { id: string }) => d.id)).toEqual([org.org.defaultDepartmentId]);
  });

  test("offered: only the allowed ones are listed, one is required, the chosen one is assigned", async () => {
    const org = await createTestOrg(t, "dept");
    const north = await org.post("/departments", { name: "North" }).expect(201);
    const south = await org.post("/departments", { name: "South" }).expect(201);
    const hidden = await org.post("/departments", { name: "Board" }).expect(201);
    await apiPut(t, org, "/signup", {
      enabled: true,
      userSelectsDepartment: true,
      selectableDepartmentIds: [north.body.id, south.body.id],
    }).expect(200);
    const page = await new Browser(t).get("/o/dept/signup");
    expect(control(page.text, "departmentId")).toContain('aria-required="true"');
    expect(page.text).toContain(">North</option>");
    expect(page.text).not.toContain(">Board</option>");

    const missing = await signUp(new Browser(t), "dept", person());
    expect(fieldError(missing.text, "departmentId")).toBe("Choose your department");
    const foreign = await signUp(new Browser(t), "dept", person({ departmentId: hidden.body.id }));
    expect(fieldError(foreign.text, "departmentId")).toBe("Choose a department from the list");
    expect(await usersOf(t, org)).toEqual([]);

    const form = person({ departmentId: south.body.id });
    expect((await signUp(new Browser(t), "dept", form)).status).toBe(200);
    const user = (await usersOf(t, org)).find((u) => u.email === form.email);
    const view = await org.get(`/users/${user?.id}`).expect(200);
    expect(view.body.departments).toEqual([{ id: south.body.id, name: "South" }]);
  });
});

describe("username + mobile number", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await openOrg(t, "texting", {}, { smsEnabled: true });
  });

  test("offered where SMS is in the package; the activation goes by SMS", async () => {
    const page = await new Browser(t).get("/o/texting/signup");
    expect(control(page.text, "method-username")).toContain('type="radio"');
    const form = texter();
    expect((await signUp(new Browser(t), "texting", form)).status).toBe(200);
    const user = (await usersOf(t, org)).find((u) => u.userName === form.userName);
    expect(user).toMatchObject({ email: null, status: "pending", source: "signup" });
    const [sms] = await outboxMessages(t, { to: user?.phone ?? "-", purpose: "activation" });
    expect(sms?.channel).toBe("sms");
  });

  test.each([
    [{ userName: "" }, "userName", "Choose a username"],
    [{ userName: "has space" }, "userName", /^A username can only have letters/],
    [{ phone: "" }, "phone", "Enter your mobile number"],
    [{ phone: "12" }, "phone", "Enter a mobile number in international format, like +45 20 12 34 56"],
    [
      { phone: "+45 90 12 34 56" },
      "phone",
      "Enter a mobile number: this number cannot receive text messages",
    ],
  ])("%j → the %s field says %s", async (overrides, field, message) => {
    const res = await signUp(new Browser(t), "texting", texter(overrides));
    expect(res.status).toBe(422);
    expect(fieldError(res.text, field)).toEqual(
      typeof message === "string" ? message : expect.stringMatching(message),
    );
    expect(control(res.text, "method-username")).toContain("checked");
  });

  test("not offered without SMS: a posted username is an email sign-up missing its email", async () => {
    await openOrg(t, "nosms");
    const res = await signUp(new Browser(t), "nosms", texter());
    expect(res.status).toBe(422);
    expect(fieldError(res.text, "email")).toBe("Enter your email address");
    expect(res.text).not.toContain('id="userName"');
  });
});
