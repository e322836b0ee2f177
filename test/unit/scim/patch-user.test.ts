import { ScimError } from "../../../src/scim/protocol/errors";
import type { ScimUserInput } from "../../../src/scim/protocol/normalize";
import { applyUserPatch, MAX_OPERATIONS } from "../../../src/scim/protocol/patch";
import entra from "../../fixtures/scim/entra-users.json";
import okta from "../../fixtures/scim/okta-users.json";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const LMS = "urn:admit:params:scim:schemas:extension:lms:2.0:User";

const BASE: ScimUserInput = {
  userName: "ada@contoso.com",
  externalId: "ext-1",
  active: true,
  name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" },
  emails: [{ value: "ada@contoso.com", type: "work", primary: true }],
  enterprise: { department: "Sales", manager: { value: "mgr-1" } },
};

const ops = (...operations: unknown[]) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: operations,
});

interface Case {
  name: string;
  body: unknown;
  from?: ScimUserInput;
  /** Partial expectation on the patched resource. */
  resource?: Record<string, unknown>;
  /** Dotted paths that must be absent afterwards. */
  absent?: string[];
  changed?: string[];
}

const get = (object: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);

function run(cases: Case[]): void {
  it.each(cases)("$name", ({ body, from, resource, absent, changed }) => {
    const before = structuredClone(from ?? BASE);
    const result = applyUserPatch(before, body);
    expect(before).toEqual(from ?? BASE); // pure: the input is not mutated
    if (resource) expect(result.resource).toMatchObject(resource);
    for (const path of absent ?? []) expect(get(result.resource, path)).toBeUndefined();
    if (changed) expect(result.changed.sort()).toEqual([...changed].sort());
  });
}

function scimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

describe('INTEROP PATCH "Key Operations (treat its case loosely); op in any case"', () => {
  run([
    {
      name: "lower-case key operations",
      body: { operations: [{ op: "replace", path: "title", value: "CTO" }] },
      resource: { title: "CTO" },
    },
    {
      name: "upper-case key OPERATIONS",
      body: { OPERATIONS: [{ op: "add", path: "title", value: "CTO" }] },
      resource: { title: "CTO" },
    },
    {
      name: "op Add",
      body: ops({ op: "Add", path: "nickName", value: "Ada" }),
      resource: { nickName: "Ada" },
    },
    {
      name: "op REPLACE",
      body: ops({ op: "REPLACE", path: "nickName", value: "Ada" }),
      resource: { nickName: "Ada" },
    },
    {
      name: "op Remove",
      body: ops({ op: "Remove", path: "externalId" }),
      absent: ["externalId"],
      changed: ["externalId"],
    },
    {
      name: "Op/Path/Value keys in another case",
      body: ops({ Op: "replace", Path: "title", Value: "CTO" }),
      resource: { title: "CTO" },
    },
  ]);
});

describe('INTEROP PATCH "{"op":"Replace","path":"active","value":"False"} — deactivation with a string"', () => {
  run([
    {
      name: "Entra string False (compatibility page, before the fix)",
      body: entra.patchDisableString,
      resource: { active: false },
      changed: ["active"],
    },
    {
      name: "Entra boolean false",
      body: entra.patchDisable,
      resource: { active: false },
      changed: ["active"],
    },
    {
      name: 'string "True" reactivates',
      from: { ...BASE, active: false },
      body: ops({ op: "Replace", path: "active", value: "True" }),
      resource: { active: true },
    },
    {
      name: 'lower-case "false"',
      body: ops({ op: "replace", path: "active", value: "false" }),
      resource: { active: false },
    },
  ]);
});

describe('INTEROP PATCH "plain paths (userName, displayName, externalId, nickName, title, preferredLanguage)"', () => {
  run([
    {
      name: "userName (Entra single-valued update)",
      body: entra.patchSingleValued,
      resource: { userName: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" },
      changed: ["userName"],
    },
    ...(["displayName", "externalId", "nickName", "title", "preferredLanguage"] as const).map((path) => ({
      name: `replace ${path}`,
      body: ops({ op: "Replace", path, value: "fr-FR" }),
      resource: { [path]: "fr-FR" },
      changed: [path],
    })),
    {
      name: "path in another case (PreferredLanguage)",
      body: ops({ op: "replace", path: "PreferredLanguage", value: "de" }),
      resource: { preferredLanguage: "de" },
    },
    {
      name: "URN-prefixed core path",
      body: ops({ op: "replace", path: "urn:ietf:params:scim:schemas:core:2.0:User:title", value: "CTO" }),
      resource: { title: "CTO" },
    },
  ]);
});

describe('INTEROP PATCH "nested (name.givenName)"', () => {
  run([
    {
      name: "Entra multi-valued update also replaces name.familyName",
      body: entra.patchMultiValued,
      resource: {
        name: { givenName: "Ada", familyName: "updatedFamilyName" },
        emails: [{ value: "updatedEmail@microsoft.com", type: "work", primary: true }],
      },
      changed: ["name.familyName", "emails"],
    },
    {
      name: "Name.GivenName in another case",
      body: ops({ op: "replace", path: "Name.GivenName", value: "Augusta" }),
      resource: { name: { givenName: "Augusta", familyName: "Lovelace" } },
      changed: ["name.givenName"],
    },
    {
      name: "creates name when absent",
      from: { userName: "x" },
      body: ops({ op: "add", path: "name.familyName", value: "L" }),
      resource: { name: { familyName: "L" } },
    },
    {
      name: "remove name.formatted keeps the others",
      body: ops({ op: "remove", path: "name.formatted" }),
      resource: { name: { givenName: "Ada", familyName: "Lovelace" } },
      absent: ["name.formatted"],
    },
    {
      name: "replace name object merges sub-attributes (RFC 7644 §3.5.2.3)",
      body: ops({ op: "replace", path: "name", value: { givenName: "A" } }),
      resource: { name: { givenName: "A", familyName: "Lovelace" } },
    },
  ]);
});

describe('INTEROP PATCH "value-filtered (emails[type eq "work"].value, phoneNumbers[type eq "mobile"].value, addresses[type eq "work"].formatted)"', () => {
  const phones: ScimUserInput = {
    ...BASE,
    phoneNumbers: [
      { value: "+1 1", type: "mobile" },
      { value: "+1 2", type: "work" },
    ],
    addresses: [{ type: "work", formatted: "Old", locality: "Paris" }],
  };
  run([
    {
      name: 'emails[type eq "work"].value replaces the work email only',
      from: { ...BASE, emails: [...(BASE.emails ?? []), { value: "h@x.y", type: "home" }] },
      body: ops({ op: "Replace", path: 'emails[type eq "work"].value', value: "new@contoso.com" }),
      resource: {
        emails: [
          { value: "new@contoso.com", type: "work", primary: true },
          { value: "h@x.y", type: "home" },
        ],
      },
    },
    {
      name: 'phoneNumbers[type eq "mobile"].value',
      from: phones,
      body: ops({ op: "Replace", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 9" }),
      resource: {
        phoneNumbers: [
          { value: "+1 9", type: "mobile" },
          { value: "+1 2", type: "work" },
        ],
      },
    },
    {
      name: 'addresses[type eq "work"].formatted keeps locality',
      from: phones,
      body: ops({ op: "Replace", path: 'addresses[type eq "work"].formatted', value: "New" }),
      resource: { addresses: [{ type: "work", formatted: "New", locality: "Paris" }] },
    },
    {
      name: 'filter values compare case-insensitively (type eq "Work")',
      body: ops({ op: "replace", path: 'emails[Type eq "Work"].value', value: "n@x.y" }),
      resource: { emails: [{ value: "n@x.y", type: "work", primary: true }] },
    },
    {
      name: 'filter with and: emails[type eq "work" and primary eq true]',
      body: ops({ op: "replace", path: 'emails[type eq "work" and primary eq true].display', value: "Work" }),
      resource: { emails: [{ value: "ada@contoso.com", display: "Work" }] },
    },
    {
      name: "unquoted boolean in the filter (primary eq True)",
      body: ops({ op: "replace", path: "emails[primary eq True].type", value: "home" }),
      resource: { emails: [{ value: "ada@contoso.com", type: "home", primary: true }] },
    },
    {
      name: "not (...) selects the other elements",
      from: { ...BASE, emails: [...(BASE.emails ?? []), { value: "h@x.y", type: "home" }] },
      body: ops({ op: "remove", path: 'emails[not (type eq "work")]' }),
      resource: { emails: [{ value: "ada@contoso.com", type: "work", primary: true }] },
    },
    {
      name: "ew and pr operators",
      from: { ...BASE, emails: [...(BASE.emails ?? []), { value: "h@x.y", display: "H" }] },
      body: ops({ op: "remove", path: 'emails[value ew "@CONTOSO.COM" or display pr]' }),
      absent: ["emails"],
    },
    {
      name: "filter without sub-attribute merges the element",
      body: ops({ op: "replace", path: 'emails[type eq "work"]', value: { value: "z@x.y" } }),
      resource: { emails: [{ value: "z@x.y", type: "work", primary: true }] },
    },
  ]);
});

describe('INTEROP PATCH "A value-filtered path whose array or element does not exist yet creates it"', () => {
  run([
    {
      name: "Entra default mappings create phones, addresses, title, language and department",
      from: { userName: "new@contoso.com" },
      body: entra.patchAttributeMappings,
      resource: {
        title: "Engineer",
        preferredLanguage: "fr-FR",
        phoneNumbers: [
          { type: "work", value: "+33 1 23 45 67 89" },
          { type: "mobile", value: "+33 6 12 34 56 78" },
        ],
        addresses: [{ type: "work", formatted: "1 Rue de Rivoli, Paris", locality: "Paris" }],
        enterprise: { department: "R&D" },
      },
    },
    {
      name: 'emails[type eq "home"].value is appended next to work',
      body: ops({ op: "add", path: 'emails[type eq "home"].value', value: "h@x.y" }),
      resource: {
        emails: [
          { value: "ada@contoso.com", type: "work", primary: true },
          { type: "home", value: "h@x.y" },
        ],
      },
      changed: ["emails"],
    },
    {
      name: "replace also creates (Entra sends Replace)",
      from: { userName: "x" },
      body: ops({ op: "Replace", path: 'emails[type eq "work"].value', value: "w@x.y" }),
      resource: { emails: [{ type: "work", value: "w@x.y" }] },
    },
    {
      name: 'roles[primary eq "True"].value creates a primary role with a boolean',
      from: { userName: "x" },
      body: ops({ op: "Add", path: 'roles[primary eq "True"].value', value: "Admin" }),
      resource: { roles: [{ primary: true, value: "Admin" }] },
    },
    {
      name: "created primary email takes primary from the old one",
      body: ops({ op: "add", path: 'emails[type eq "other" and primary eq true].value', value: "o@x.y" }),
      resource: {
        emails: [
          { value: "ada@contoso.com", primary: false },
          { type: "other", primary: true, value: "o@x.y" },
        ],
      },
    },
  ]);
});

describe('INTEROP PATCH "extension URNs (…enterprise:2.0:User:department — split on the last :)"', () => {
  run([
    {
      name: "enterprise department",
      body: ops({ op: "Replace", path: `${ENTERPRISE}:department`, value: "Eng" }),
      resource: { enterprise: { department: "Eng", manager: { value: "mgr-1" } } },
      changed: ["enterprise.department"],
    },
    {
      name: "URN in another case",
      body: ops({ op: "replace", path: `${ENTERPRISE.toUpperCase()}:Department`, value: "Eng" }),
      resource: { enterprise: { department: "Eng" } },
    },
    {
      name: "employeeNumber creates the extension",
      from: { userName: "x" },
      body: ops({ op: "add", path: `${ENTERPRISE}:employeeNumber`, value: "42" }),
      resource: { enterprise: { employeeNumber: "42" } },
    },
    {
      name: "remove the last enterprise attribute removes the extension",
      from: { userName: "x", enterprise: { department: "D" } },
      body: ops({ op: "remove", path: `${ENTERPRISE}:department` }),
      absent: ["enterprise"],
      changed: ["enterprise.department"],
    },
    {
      name: "LMS departments (multi-valued) add appends",
      from: { userName: "x", lms: { departments: ["ICU"] } },
      body: ops({ op: "add", path: `${LMS}:departments`, value: ["ER", "icu"] }),
      resource: { lms: { departments: ["ICU", "ER"] } },
      changed: ["lms.departments"],
    },
    {
      name: "LMS jobProfile replace",
      body: ops({ op: "replace", path: `${LMS}:jobProfile`, value: "Nurse" }),
      resource: { lms: { jobProfile: "Nurse" } },
    },
    {
      name: "path is the extension URN alone with an object value",
      body: ops({ op: "add", path: ENTERPRISE, value: { costCenter: "CC", Division: "North" } }),
      resource: { enterprise: { department: "Sales", costCenter: "CC", division: "North" } },
    },
    {
      name: "unprefixed enterprise attribute path (department)",
      body: ops({ op: "replace", path: "department", value: "Ops" }),
      resource: { enterprise: { department: "Ops" } },
    },
  ]);
});

describe('INTEROP PATCH "No-path replace/add with an object whose keys may be plain, dotted or URN-prefixed; never store a literal key"', () => {
  const viaPaths = applyUserPatch(BASE, entra.patchReplaceMultipleWithPaths).resource;
  run([
    {
      name: "Entra multi-attribute replace (compatibility page) equals the path form",
      body: entra.patchReplaceMultipleNoPath,
      resource: viaPaths as unknown as Record<string, unknown>,
    },
    {
      name: 'Okta {"active": false}',
      body: okta.patchDeactivate,
      resource: { active: false },
      changed: ["active"],
    },
    {
      name: 'Okta {"active": true}',
      from: { ...BASE, active: false },
      body: okta.patchReactivate,
      resource: { active: true },
    },
    {
      name: "Entra no-path add nickName (compatibility page)",
      body: entra.patchAddNickNameNoPath,
      resource: { nickName: "Babs" },
    },
    {
      name: "nested extension object key",
      body: ops({ op: "replace", value: { [ENTERPRISE]: { department: "Ops" } } }),
      resource: { enterprise: { department: "Ops", manager: { value: "mgr-1" } } },
    },
    {
      name: "id, meta, schemas and readOnly groups in the object are ignored",
      body: ops({ op: "replace", value: { id: "x", meta: {}, schemas: [], groups: [], title: "T" } }),
      resource: { title: "T" },
      changed: ["title"],
    },
    {
      name: "unknown keys are ignored, not stored",
      body: ops({ op: "replace", value: { favouriteColour: "blue", "name.nope": "x", title: "T" } }),
      absent: ["favouriteColour", "name.nope"],
      changed: ["title"],
    },
    {
      name: "dotted key in another case",
      body: ops({ op: "add", value: { "NAME.GIVENNAME": "G" } }),
      resource: { name: { givenName: "G" } },
      absent: ["NAME.GIVENNAME"],
    },
    {
      name: "no-path add of emails appends",
      body: ops({ op: "add", value: { emails: [{ value: "b@x.y", type: "home" }] } }),
      resource: { emails: [{ value: "ada@contoso.com" }, { value: "b@x.y" }] },
    },
    {
      name: "no-path replace of emails sets the list",
      body: ops({ op: "replace", value: { emails: [{ value: "b@x.y", type: "home" }] } }),
      resource: { emails: [{ value: "b@x.y", type: "home" }] },
    },
  ]);

  it("Entra multi-attribute replace stores no literal dotted, filtered or URN keys", () => {
    const { resource } = applyUserPatch(BASE, entra.patchReplaceMultipleNoPath);
    expect(resource).toEqual(viaPaths);
    const keys = JSON.stringify(resource).match(/"[^"]*":/g) ?? [];
    expect(keys.filter((key) => /[.[:]/.test(key.slice(1, -2)))).toEqual([]);
  });

  it("reports ignored keys", () => {
    expect(
      applyUserPatch(BASE, ops({ op: "replace", value: { favouriteColour: "blue", groups: [] } })).ignored,
    ).toEqual(["favouriteColour", "groups"]);
  });
});

describe('INTEROP PATCH "Add on a single-valued attribute means set"', () => {
  run([
    {
      name: "Entra add nickName with a path (compatibility page)",
      body: entra.patchAddNickNameWithPath,
      resource: { nickName: "Babs" },
    },
    {
      name: "add userName replaces it",
      body: ops({ op: "add", path: "userName", value: "new@contoso.com" }),
      resource: { userName: "new@contoso.com" },
    },
    {
      name: "add active false",
      body: ops({ op: "Add", path: "active", value: "False" }),
      resource: { active: false },
    },
  ]);
});

describe("RFC 7644 §3.5.2.1: add on a multi-valued attribute appends, without duplicates", () => {
  run([
    {
      name: "new email appended",
      body: ops({ op: "add", path: "emails", value: [{ value: "b@x.y", type: "home" }] }),
      resource: { emails: [{ value: "ada@contoso.com" }, { value: "b@x.y" }] },
    },
    {
      name: "same value in another case is merged, not duplicated",
      body: ops({ op: "add", path: "emails", value: [{ value: "ADA@contoso.com", display: "Ada" }] }),
      resource: { emails: [{ value: "ada@contoso.com", type: "work", primary: true, display: "Ada" }] },
    },
    {
      name: "an added primary takes primary from the others",
      body: ops({ op: "add", path: "emails", value: [{ value: "b@x.y", primary: "True" }] }),
      resource: {
        emails: [
          { value: "ada@contoso.com", primary: false },
          { value: "b@x.y", primary: true },
        ],
      },
    },
    {
      name: "a lone object is one value",
      body: ops({ op: "add", path: "emails", value: { value: "b@x.y" } }),
      resource: { emails: [{ value: "ada@contoso.com" }, { value: "b@x.y" }] },
    },
    {
      name: "replace sets the whole list",
      body: ops({ op: "replace", path: "emails", value: [{ value: "b@x.y" }] }),
      resource: { emails: [{ value: "b@x.y" }] },
    },
  ]);
});

describe('INTEROP PATCH "remove of an absent attribute is a no-op"', () => {
  run([
    {
      name: "remove nickName (absent)",
      body: ops({ op: "Remove", path: "nickName" }),
      resource: BASE as unknown as Record<string, unknown>,
      changed: [],
    },
    {
      name: 'remove phoneNumbers[type eq "fax"].value (absent)',
      body: ops({ op: "remove", path: 'phoneNumbers[type eq "fax"].value' }),
      changed: [],
    },
    {
      name: "remove enterprise costCenter (absent)",
      body: ops({ op: "remove", path: `${ENTERPRISE}:costCenter` }),
      changed: [],
    },
    { name: "remove LMS extension (absent)", body: ops({ op: "remove", path: LMS }), changed: [] },
    {
      name: "remove name.middleName (absent)",
      body: ops({ op: "remove", path: "name.middleName" }),
      changed: [],
    },
  ]);
});

describe('INTEROP PATCH "Remove with a value on a value path removes, never sets"', () => {
  run([
    {
      name: 'remove emails[type eq "work"].value with a value removes the work email',
      body: ops({ op: "Remove", path: 'emails[type eq "work"].value', value: "other@x.y" }),
      absent: ["emails"],
      changed: ["emails"],
    },
    {
      name: 'remove emails[type eq "work"] with a value object',
      body: ops({ op: "remove", path: 'emails[type eq "work"]', value: { value: "ada@contoso.com" } }),
      absent: ["emails"],
    },
    {
      name: "remove a filtered path that matches nothing never creates",
      body: ops({ op: "remove", path: 'emails[type eq "home"].value', value: "h@x.y" }),
      resource: { emails: [{ value: "ada@contoso.com", type: "work", primary: true }] },
      changed: [],
    },
    {
      name: "remove emails with a value list removes only those",
      from: { ...BASE, emails: [{ value: "a@x.y" }, { value: "b@x.y" }] },
      body: ops({ op: "remove", path: "emails", value: [{ value: "A@x.y" }] }),
      resource: { emails: [{ value: "b@x.y" }] },
    },
    {
      name: "remove emails with a bare string value removes that email",
      from: { ...BASE, emails: [{ value: "a@x.y" }, { value: "b@x.y" }] },
      body: ops({ op: "remove", path: "emails", value: "b@x.y" }),
      resource: { emails: [{ value: "a@x.y" }] },
    },
    {
      name: "remove LMS departments with a value list removes only those",
      from: { userName: "x", lms: { departments: ["ICU", "ER"] } },
      body: ops({ op: "remove", path: `${LMS}:departments`, value: ["icu"] }),
      resource: { lms: { departments: ["ER"] } },
    },
    {
      name: 'remove addresses[type eq "work"].formatted keeps other components',
      from: { userName: "x", addresses: [{ type: "work", formatted: "F", locality: "L" }] },
      body: ops({ op: "remove", path: 'addresses[type eq "work"].formatted', value: "F" }),
      resource: { addresses: [{ type: "work", locality: "L" }] },
    },
  ]);
});

describe('INTEROP PATCH "Manager: set with a bare id, {value} or [{$ref,value}], on path manager or the URN path; remove by the URN path, by manager[value eq "id"], or by replacing with ""/null"', () => {
  const none: ScimUserInput = { userName: "x" };
  run([
    {
      name: "Entra add on the URN path with a bare id",
      from: none,
      body: entra.patchAddManagerBareId,
      resource: { enterprise: { manager: { value: "2819c223-7f76-453a-919d-413861904646" } } },
      changed: ["enterprise.manager"],
    },
    {
      name: "path manager with a bare id",
      from: none,
      body: ops({ op: "replace", path: "manager", value: "m-2" }),
      resource: { enterprise: { manager: { value: "m-2" } } },
    },
    {
      name: "path manager with {value}",
      body: ops({ op: "replace", path: "manager", value: { value: "m-2" } }),
      resource: { enterprise: { manager: { value: "m-2" } } },
    },
    {
      name: "URN path with [{$ref,value}]",
      body: ops({
        op: "Replace",
        path: `${ENTERPRISE}:manager`,
        value: [{ $ref: "https://x/Users/m-2", value: "m-2" }],
      }),
      resource: { enterprise: { manager: { value: "m-2" } } },
    },
    {
      name: "URN path manager.value",
      body: ops({ op: "replace", path: `${ENTERPRISE}:manager.value`, value: "m-3" }),
      resource: { enterprise: { manager: { value: "m-3" } } },
    },
    {
      name: "no-path object with the URN-prefixed manager key",
      body: ops({ op: "replace", value: { [`${ENTERPRISE}:manager`]: "m-4" } }),
      resource: { enterprise: { manager: { value: "m-4" } } },
    },
    {
      name: "Entra remove by the URN path",
      body: entra.patchRemoveManager,
      absent: ["enterprise.manager"],
      changed: ["enterprise.manager"],
    },
    {
      name: 'remove by manager[value eq "mgr-1"]',
      body: ops({ op: "remove", path: 'manager[value eq "mgr-1"]' }),
      absent: ["enterprise.manager"],
    },
    {
      name: 'remove by manager[value eq "someone-else"] keeps the manager',
      body: ops({ op: "remove", path: 'manager[value eq "someone-else"]' }),
      resource: { enterprise: { manager: { value: "mgr-1" } } },
      changed: [],
    },
    {
      name: 'replace with ""',
      body: ops({ op: "Replace", path: `${ENTERPRISE}:manager`, value: "" }),
      absent: ["enterprise.manager"],
    },
    {
      name: "replace with null",
      body: ops({ op: "replace", path: "manager", value: null }),
      absent: ["enterprise.manager"],
    },
    {
      name: 'replace with {"value": ""}',
      body: ops({ op: "replace", path: "manager", value: { value: "" } }),
      absent: ["enterprise.manager"],
    },
    {
      name: "remove with a value removes, never sets",
      body: ops({ op: "remove", path: `${ENTERPRISE}:manager`, value: [{ value: "mgr-1" }] }),
      absent: ["enterprise.manager"],
    },
  ]);
});

describe('INTEROP PATCH "roles values may be JSON-encoded strings inside value"', () => {
  const admin = { value: "Admin", display: "Admin" };
  run([
    {
      name: "Entra AppRoleAssignmentsComplex add",
      body: entra.patchAddRolesJsonEncoded,
      resource: { roles: [admin] },
      changed: ["roles"],
    },
    {
      name: "adding the same encoded role twice does not duplicate it",
      from: { ...BASE, roles: [admin] },
      body: entra.patchAddRolesJsonEncoded,
      resource: { roles: [admin] },
      changed: [],
    },
    {
      name: "remove with the encoded value removes that role",
      from: { ...BASE, roles: [admin, { value: "Reader" }] },
      body: ops({
        op: "Remove",
        path: "roles",
        value: [{ value: '{"id":"06b0","value":"Admin","displayName":"Admin"}' }],
      }),
      resource: { roles: [{ value: "Reader" }] },
    },
    {
      name: 'roles[primary eq "True"].value with an encoded role',
      from: { userName: "x" },
      body: ops({
        op: "replace",
        path: 'roles[primary eq "True"].value',
        value: '{"id":"1","value":"Reader","displayName":"Reader"}',
      }),
      resource: { roles: [{ primary: true, value: "Reader", display: "Reader" }] },
    },
  ]);
});

describe("more vendor bodies", () => {
  run([
    {
      name: "Entra soft delete: renamed userName and disabled in one PATCH",
      body: entra.patchSoftDeleteRename,
      resource: { userName: "0a1b2c3d4e5f60718293a4b5c6d7e8f9ada.lovelace@contoso.com", active: false },
      changed: ["userName", "active"],
    },
    {
      name: "Okta password change (writeOnly) is reported as changed",
      body: okta.patchPassword,
      resource: { password: "t1meMa$heen" },
      changed: ["password"],
    },
    {
      name: "a no-op replace reports nothing changed",
      body: ops({ op: "replace", path: "active", value: "True" }),
      changed: [],
    },
  ]);
});

describe("PATCH errors (RFC 7644 §3.5.2, §3.12)", () => {
  const tooMany = ops(
    ...Array.from({ length: MAX_OPERATIONS + 1 }, () => ({ op: "replace", path: "title", value: "T" })),
  );
  it.each<[string, unknown, number, string, string]>([
    ["op move → invalidSyntax", ops({ op: "move", path: "title", value: "x" }), 400, "invalidSyntax", "move"],
    ["op missing → invalidSyntax", ops({ path: "title", value: "x" }), 400, "invalidSyntax", ""],
    ["no Operations → invalidSyntax", { schemas: [] }, 400, "invalidSyntax", "Operations"],
    ["Operations not an array → invalidSyntax", { Operations: { op: "add" } }, 400, "invalidSyntax", ""],
    ["empty Operations → invalidSyntax", { Operations: [] }, 400, "invalidSyntax", ""],
    ["body is an array → invalidSyntax", [], 400, "invalidSyntax", ""],
    ["operation is a string → invalidSyntax", { Operations: ["add"] }, 400, "invalidSyntax", ""],
    [
      "path to an unknown attribute → invalidPath",
      ops({ op: "replace", path: "favouriteColour", value: "x" }),
      400,
      "invalidPath",
      "favouriteColour",
    ],
    [
      "path to an unknown sub-attribute → invalidPath",
      ops({ op: "replace", path: "name.nope", value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    [
      "path under an unknown URN → invalidPath",
      ops({
        op: "replace",
        path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0User:department",
        value: "x",
      }),
      400,
      "invalidPath",
      "",
    ],
    [
      "unclosed filter → invalidPath",
      ops({ op: "replace", path: 'emails[type eq "work".value', value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    [
      "bad filter operator → invalidPath",
      ops({ op: "replace", path: 'emails[type is "work"].value', value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    [
      "filter on an unknown sub-attribute → invalidPath",
      ops({ op: "replace", path: 'emails[kind eq "work"].value', value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    [
      "URN-qualified name inside a value filter → invalidPath",
      ops({ op: "replace", path: 'emails[urn:x:type eq "work"].value', value: "x" }),
      400,
      "invalidPath",
      "emails",
    ],
    [
      "nested value filter → invalidPath",
      ops({ op: "replace", path: 'emails[type[value eq "a"]].value', value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    [
      "filter on a simple attribute → invalidPath",
      ops({ op: "replace", path: 'title[value eq "x"]', value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    [
      "path is not a string → invalidPath",
      ops({ op: "replace", path: 5, value: "x" }),
      400,
      "invalidPath",
      "",
    ],
    ["id is readOnly → mutability", ops({ op: "replace", path: "id", value: "x" }), 400, "mutability", "id"],
    [
      "meta is readOnly → mutability",
      ops({ op: "replace", path: "meta.lastModified", value: "x" }),
      400,
      "mutability",
      "",
    ],
    [
      "groups is readOnly → mutability",
      ops({ op: "add", path: "groups", value: [{ value: "g" }] }),
      400,
      "mutability",
      "groups",
    ],
    [
      "remove groups is readOnly too → mutability",
      ops({ op: "remove", path: "groups" }),
      400,
      "mutability",
      "",
    ],
    [
      "manager.displayName is readOnly → mutability",
      ops({ op: "replace", path: "manager.displayName", value: "x" }),
      400,
      "mutability",
      "",
    ],
    [
      'active "maybe" → invalidValue',
      ops({ op: "replace", path: "active", value: "maybe" }),
      400,
      "invalidValue",
      "active",
    ],
    [
      "userName 123 → invalidValue",
      ops({ op: "replace", path: "userName", value: 123 }),
      400,
      "invalidValue",
      "userName",
    ],
    [
      'emails "x" → invalidValue',
      ops({ op: "add", path: "emails", value: "x" }),
      400,
      "invalidValue",
      "emails",
    ],
    [
      "name.givenName 5 → invalidValue",
      ops({ op: "replace", path: "name.givenName", value: 5 }),
      400,
      "invalidValue",
      "name.givenName",
    ],
    [
      'userName "" (required) → invalidValue',
      ops({ op: "replace", path: "userName", value: "" }),
      400,
      "invalidValue",
      "userName",
    ],
    [
      "remove userName (required) → invalidValue",
      ops({ op: "remove", path: "userName" }),
      400,
      "invalidValue",
      "userName",
    ],
    ["add without a value → invalidValue", ops({ op: "add", path: "title" }), 400, "invalidValue", ""],
    [
      "no-path replace with a string → invalidValue",
      ops({ op: "replace", value: "x" }),
      400,
      "invalidValue",
      "",
    ],
    ["remove without a path → noTarget", ops({ op: "remove", value: { title: "x" } }), 400, "noTarget", ""],
    [
      "write to an or-filter that matches nothing → noTarget",
      ops({ op: "replace", path: 'emails[type eq "home" or type eq "other"].value', value: "x" }),
      400,
      "noTarget",
      "",
    ],
    [
      `${MAX_OPERATIONS + 1} operations → invalidValue (tooMany is for filters)`,
      tooMany,
      400,
      "invalidValue",
      String(MAX_OPERATIONS),
    ],
  ])("%s", (_name, body, status, scimType, detail) => {
    const error = scimError(() => applyUserPatch(BASE, body));
    expect(error).toMatchObject({ status, scimType });
    if (detail) expect(error.detail).toContain(detail);
  });

  it("names the failing operation in the detail", () => {
    const body = ops(
      { op: "replace", path: "title", value: "T" },
      { op: "replace", path: "active", value: "maybe" },
    );
    expect(scimError(() => applyUserPatch(BASE, body)).detail).toMatch(/^Operation 2: /);
  });

  it(`accepts exactly ${MAX_OPERATIONS} operations`, () => {
    const body = ops(
      ...Array.from({ length: MAX_OPERATIONS }, (_, i) => ({ op: "replace", path: "title", value: `T${i}` })),
    );
    expect(applyUserPatch(BASE, body).resource.title).toBe(`T${MAX_OPERATIONS - 1}`);
  });
});
