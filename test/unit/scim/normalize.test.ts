import { ScimError } from "../../../src/scim/protocol/errors";
import {
  normalizeGroupInput,
  normalizeUserInput,
  toUserDocument,
  type ScimUserInput,
} from "../../../src/scim/protocol/normalize";
import entraGroups from "../../fixtures/scim/entra-groups.json";
import entraUsers from "../../fixtures/scim/entra-users.json";
import oktaGroups from "../../fixtures/scim/okta-groups.json";
import oktaUsers from "../../fixtures/scim/okta-users.json";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const LMS = "urn:admit:params:scim:schemas:extension:lms:2.0:User";

function scimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

const user = (extra: Record<string, unknown>) =>
  normalizeUserInput({ userName: "ada@contoso.com", ...extra });

describe("normalizeUserInput: vendor create/PUT bodies (INTEROP.md Create, Okta PUT)", () => {
  it("Entra create: core + enterprise schemas, meta ignored, roles: [] kept", () => {
    expect(normalizeUserInput(entraUsers.createUser)).toEqual({
      resource: {
        externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
        active: true,
        emails: [
          {
            primary: true,
            type: "work",
            value: "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com",
          },
        ],
        name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
        roles: [],
      },
      ignored: [],
    });
  });

  it("Entra create with nulls, top-level enterprise attributes, a mistyped URN, client id and string booleans", () => {
    const { resource, ignored } = normalizeUserInput(entraUsers.createUserQuirks);
    expect(resource).toEqual({
      externalId: "5f6a7b8c-0000-4000-8000-000000000001",
      userName: "Ada.Lovelace@contoso.com",
      active: true,
      emails: [{ primary: true, type: "work", value: "Ada.Lovelace@contoso.com" }],
      name: { familyName: "Lovelace", givenName: "Ada" },
      roles: [{ primary: false, type: "WindowsAzureActiveDirectoryRole", display: "Admin", value: "Admin" }],
      enterprise: {
        department: "Sales",
        employeeNumber: "4711",
        manager: { value: "7d4e0b6a-1111-4222-8333-444455556666" },
      },
    });
    expect(ignored).toEqual(["urn:ietf:params:scim:schemas:extension:enterprise:2.0User"]);
  });

  it("Okta create: locale and password kept, groups: [] ignored and reported", () => {
    const { resource, ignored } = normalizeUserInput(oktaUsers.createUser);
    expect(resource).toMatchObject({
      userName: "test.user@okta.local",
      locale: "en-US",
      password: "1mz050nq",
    });
    expect(resource).not.toHaveProperty("groups");
    expect(ignored).toEqual(["groups"]);
  });

  it("Okta PUT: the whole object as last returned; id, meta and groups ignored", () => {
    const { resource, ignored } = normalizeUserInput(oktaUsers.putUser);
    expect(resource).toEqual({
      userName: "test.user@okta.local",
      name: { givenName: "Another", middleName: "", familyName: "User" },
      active: true,
      emails: [
        { primary: true, value: "test.user@okta.local", type: "work", display: "test.user@okta.local" },
      ],
      locale: "en-US",
      externalId: "00u1dhhb1fkIGP7RL1d8",
    });
    expect(ignored).toEqual(["groups"]);
  });

  it("Okta PUT without userName → 400 invalidValue naming userName", () => {
    const error = scimError(() => normalizeUserInput(oktaUsers.putUserWithoutUserName));
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail).toContain("userName");
  });
});

describe("normalizeUserInput: names and URNs match in any case (INTEROP.md Create)", () => {
  it.each<[string, Record<string, unknown>, Partial<ScimUserInput>]>([
    ["USERNAME key", { USERNAME: "x@y.z" }, { userName: "x@y.z" }],
    [
      "Primary in emails",
      { emails: [{ Value: "a@b.c", Primary: true, TYPE: "work" }] },
      { emails: [{ value: "a@b.c", primary: true, type: "work" }] },
    ],
    [
      "name.FamilyName",
      { Name: { FamilyName: "L", GIVENNAME: "A" } },
      { name: { familyName: "L", givenName: "A" } },
    ],
    [
      "upper-case enterprise URN",
      { [ENTERPRISE.toUpperCase()]: { Department: "Ops" } },
      { enterprise: { department: "Ops" } },
    ],
    [
      "top-level Department moves into the extension",
      { Department: "Sales" },
      { enterprise: { department: "Sales" } },
    ],
    [
      "URN-prefixed top-level key",
      { [`${ENTERPRISE}:costCenter`]: "CC1" },
      { enterprise: { costCenter: "CC1" } },
    ],
    [
      "LMS extension",
      {
        [LMS]: {
          JobProfile: "Nurse",
          Departments: ["ICU", "ER"],
          permissionTypes: "Learner",
          language: "fr-FR",
        },
      },
      {
        lms: {
          jobProfile: "Nurse",
          departments: ["ICU", "ER"],
          permissionTypes: ["Learner"],
          language: "fr-FR",
        },
      },
    ],
  ])("%s", (_name, body, expected) => {
    expect(user(body).resource).toMatchObject(expected);
  });

  it("the extension object wins over the same attribute sent at the top level", () => {
    const { resource } = user({ department: "Top", [ENTERPRISE]: { department: "Inside" }, division: "D" });
    expect(resource.enterprise).toEqual({ department: "Inside", division: "D" });
  });
});

describe("normalizeUserInput: string booleans for active and primary (INTEROP.md Create)", () => {
  it.each<[unknown, boolean]>([
    ["True", true],
    ["False", false],
    ["true", true],
    ["false", false],
    [" TRUE ", true],
    [true, true],
    [false, false],
  ])("%j → %s", (raw, expected) => {
    const { resource } = user({ active: raw, emails: [{ value: "a@b.c", primary: raw }] });
    expect(resource.active).toBe(expected);
    expect(resource.emails?.[0]?.primary).toBe(expected);
  });
});

describe("normalizeUserInput: manager shapes, always rendered {value} (INTEROP.md PATCH, Manager)", () => {
  it.each<[string, unknown, { value: string } | undefined]>([
    ["bare id string", "m-1", { value: "m-1" }],
    ["{value}", { value: "m-1" }, { value: "m-1" }],
    ["{Value} in another case", { Value: "m-1" }, { value: "m-1" }],
    ["[{$ref,value}]", [{ $ref: "https://x/Users/m-1", value: "m-1" }], { value: "m-1" }],
    [
      "{value,$ref,displayName}",
      { value: "m-1", $ref: "../Users/m-1", displayName: "Boss" },
      { value: "m-1" },
    ],
    ["empty string → absent", "", undefined],
    ["null → absent", null, undefined],
    ["[] → absent", [], undefined],
  ])("%s", (_name, manager, expected) => {
    expect(user({ [ENTERPRISE]: { manager } }).resource.enterprise?.manager).toEqual(expected);
  });
});

describe("normalizeUserInput: roles (INTEROP.md PATCH, JSON-encoded role values)", () => {
  it.each<[string, unknown, unknown]>([
    [
      "JSON-encoded value",
      [{ value: '{"id":"06b0","value":"Admin","displayName":"Admin"}' }],
      [{ value: "Admin", display: "Admin" }],
    ],
    [
      "JSON-encoded element",
      ['{"id":"06b0","value":"Reader","displayName":"Reader"}'],
      [{ value: "Reader", display: "Reader" }],
    ],
    ["plain string element", ["Reader"], [{ value: "Reader" }]],
    [
      "numeric inner value",
      [{ value: '{"id":"x","value":25,"displayName":"Role25"}' }],
      [{ value: "25", display: "Role25" }],
    ],
    [
      "Entra create shape",
      [{ primary: "True", type: "WindowsAzureActiveDirectoryRole", displayName: "Admin", value: "Admin" }],
      [{ primary: true, type: "WindowsAzureActiveDirectoryRole", display: "Admin", value: "Admin" }],
    ],
    ["JSON text that is not an object stays a value", [{ value: "{not json" }], [{ value: "{not json" }]],
  ])("%s", (_name, roles, expected) => {
    expect(user({ roles }).resource.roles).toEqual(expected);
  });
});

describe("normalizeUserInput: dropped input", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "client id, meta and schemas are ignored silently",
      { id: "x", meta: { created: "x" }, schemas: ["urn:x"] },
      [],
    ],
    ["unknown core attribute is reported", { favouriteColour: "blue" }, ["favouriteColour"]],
    ["unknown sub-attribute is reported", { name: { nickname: "B" } }, ["name.nickname"]],
    ["unknown URN is reported", { "urn:example:custom:2.0:User": { a: 1 } }, ["urn:example:custom:2.0:User"]],
    ["unknown enterprise attribute is reported", { [ENTERPRISE]: { badge: "7" } }, [`${ENTERPRISE}:badge`]],
    ["readOnly groups is reported", { groups: [{ value: "g" }] }, ["groups"]],
  ])("%s", (_name, body, ignored) => {
    const result = user(body);
    expect(result.ignored).toEqual(ignored);
    expect(Object.keys(result.resource)).toEqual(["userName"]);
  });

  it("explicit nulls are absent, at every level", () => {
    const { resource } = user({
      title: null,
      name: { givenName: null },
      emails: [null],
      [ENTERPRISE]: { department: null },
    });
    expect(resource).toEqual({ userName: "ada@contoso.com", emails: [] });
  });

  it("list elements without a value carry nothing and are dropped", () => {
    expect(user({ emails: [{ type: "work" }, { value: "a@b.c" }] }).resource.emails).toEqual([
      { value: "a@b.c" },
    ]);
  });

  it("a second primary loses it (RFC 7643 §2.4)", () => {
    const emails = [
      { value: "a@b.c", primary: true },
      { value: "d@e.f", primary: "True" },
    ];
    expect(user({ emails }).resource.emails).toEqual([
      { value: "a@b.c", primary: true },
      { value: "d@e.f", primary: false },
    ]);
  });

  it("a lone object for a multi-valued attribute is one value", () => {
    expect(user({ emails: { value: "a@b.c" } }).resource.emails).toEqual([{ value: "a@b.c" }]);
  });

  it("is idempotent on its own output", () => {
    const first = normalizeUserInput(entraUsers.createUserQuirks).resource;
    expect(normalizeUserInput(toUserDocument(first))).toEqual({ resource: first, ignored: [] });
  });
});

describe("normalizeUserInput: wrong types → 400 naming the attribute", () => {
  it.each<[string, unknown, string, string]>([
    ["userName: 123", { userName: 123 }, "invalidValue", "userName"],
    ['emails: "x"', { userName: "a", emails: "x" }, "invalidValue", "emails"],
    ['active: "maybe"', { userName: "a", active: "maybe" }, "invalidValue", "active"],
    ["active: 1", { userName: "a", active: 1 }, "invalidValue", "active"],
    ['name: "x"', { userName: "a", name: "x" }, "invalidValue", "name"],
    ["emails[].value: 5", { userName: "a", emails: [{ value: 5 }] }, "invalidValue", "emails.value"],
    [
      'emails[].primary: "yes"',
      { userName: "a", emails: [{ value: "a", primary: "yes" }] },
      "invalidValue",
      "emails.primary",
    ],
    ["manager: 42", { userName: "a", [ENTERPRISE]: { manager: 42 } }, "invalidValue", "manager"],
    ["enterprise object is a string", { userName: "a", [ENTERPRISE]: "x" }, "invalidValue", ENTERPRISE],
    ["lms departments: [1]", { userName: "a", [LMS]: { departments: [1] } }, "invalidValue", "departments"],
    ["department: 5 at the top level", { userName: "a", department: 5 }, "invalidValue", "department"],
    ["missing userName", {}, "invalidValue", "userName"],
    ['blank userName "  "', { userName: "  " }, "invalidValue", "userName"],
    ["body is an array", [], "invalidSyntax", "JSON object"],
    ["body is a string", "userName=a", "invalidSyntax", "JSON object"],
    ["body is null", null, "invalidSyntax", "JSON object"],
  ])("%s", (_name, body, scimType, detail) => {
    const error = scimError(() => normalizeUserInput(body));
    expect(error).toMatchObject({ status: 400, scimType });
    expect(error.detail).toContain(detail);
  });
});

describe("normalizeGroupInput (INTEROP.md Groups)", () => {
  it("Entra create: the extra ADSCIM schema URI and meta are ignored", () => {
    expect(normalizeGroupInput(entraGroups.createGroup)).toEqual({
      resource: { displayName: "displayName", externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159" },
      ignored: [],
    });
  });

  it('Entra members carry "$ref": null → only the value is kept', () => {
    expect(normalizeGroupInput(entraGroups.createGroupWithMembers).resource.members).toEqual([
      { value: "f648f8d5ea4e4cd38e9c" },
      { value: "0d2b5f4a-8c9e-4b71-a3f2-1e6c7d8e9f00" },
    ]);
  });

  it("Okta members carry display → dropped (readOnly)", () => {
    expect(normalizeGroupInput(oktaGroups.createGroupWithMembers).resource).toEqual({
      displayName: "Engineering",
      members: [{ value: "23a35c27-23d3-4c03-b4c5-6443c09e7173" }],
    });
    expect(normalizeGroupInput(oktaGroups.createGroup).resource).toEqual({
      displayName: "Test SCIMv2",
      members: [],
    });
  });

  it.each<[string, unknown, string]>([
    ["missing displayName", { members: [] }, "displayName"],
    ["displayName: 5", { displayName: 5 }, "displayName"],
    ['members: "x"', { displayName: "G", members: "x" }, "members"],
    ["member value: 5", { displayName: "G", members: [{ value: 5 }] }, "members.value"],
  ])("%s → 400 invalidValue", (_name, body, detail) => {
    const error = scimError(() => normalizeGroupInput(body));
    expect(error).toMatchObject({ status: 400, scimType: "invalidValue" });
    expect(error.detail).toContain(detail);
  });

  it("member type is kept; members without a value are dropped", () => {
    const body = { DisplayName: "G", Members: [{ value: "u1", type: "User" }, { display: "nobody" }] };
    expect(normalizeGroupInput(body).resource).toEqual({
      displayName: "G",
      members: [{ value: "u1", type: "User" }],
    });
  });
});
