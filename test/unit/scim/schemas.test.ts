import {
  ALL_SCHEMAS,
  ENTERPRISE_SCHEMA_ID,
  findAttribute,
  GROUP_SCHEMA_ID,
  LMS_SCHEMA_ID,
  schemaDocument,
  schemaDocuments,
  USER_SCHEMA_ID,
  type AttributeDefinition,
} from "../../../src/scim/protocol/schemas";

const BASE = "https://admit.example/scim/v2/acme";
const ENTERPRISE = ENTERPRISE_SCHEMA_ID;
const CHARACTERISTICS = [
  "name",
  "type",
  "multiValued",
  "description",
  "required",
  "caseExact",
  "mutability",
  "returned",
  "uniqueness",
];

function walk(attributes: readonly AttributeDefinition[], prefix = ""): [string, AttributeDefinition][] {
  return attributes.flatMap((attribute) => [
    [`${prefix}${attribute.name}`, attribute] as [string, AttributeDefinition],
    ...walk(attribute.subAttributes ?? [], `${prefix}${attribute.name}.`),
  ]);
}

const byName = (schemaId: string, path: string): AttributeDefinition | undefined => {
  const schema = ALL_SCHEMAS.find((s) => s.id === schemaId);
  return walk(schema?.attributes ?? []).find(([name]) => name === path)?.[1];
};

describe("/Schemas documents (RFC 7643 §7; INTEROP.md Discovery)", () => {
  it("lists core User, Group, the enterprise extension and Admit's LMS extension, in that order", () => {
    expect(schemaDocuments(BASE).map((d) => d.id)).toEqual([
      USER_SCHEMA_ID,
      GROUP_SCHEMA_ID,
      ENTERPRISE_SCHEMA_ID,
      LMS_SCHEMA_ID,
    ]);
  });

  it.each([BASE, `${BASE}/`, `${BASE}//`])("builds meta.location from the base URL %s", (base) => {
    for (const document of schemaDocuments(base)) {
      expect(document.meta).toEqual({ resourceType: "Schema", location: `${BASE}/Schemas/${document.id}` });
      expect(document.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:Schema"]);
      expect(document.name).toEqual(expect.any(String));
      expect(document.description).toEqual(expect.any(String));
    }
  });

  it.each(
    ALL_SCHEMAS.flatMap((schema) => walk(schema.attributes).map(([path, a]) => [schema.name, path, a])),
  )("%s.%s states every RFC 7643 §7 characteristic", (_schema, _path, attribute) => {
    for (const key of CHARACTERISTICS) expect(attribute).toHaveProperty(key);
    if ((attribute as AttributeDefinition).type === "complex") {
      expect((attribute as AttributeDefinition).subAttributes?.length).toBeGreaterThan(0);
    }
  });

  it("finds one schema by id in any case and returns deep copies", () => {
    const document = schemaDocument(BASE, ENTERPRISE.toUpperCase());
    expect(document?.id).toBe(ENTERPRISE);
    document?.attributes.splice(0);
    expect(schemaDocument(BASE, ENTERPRISE)?.attributes.length).toBeGreaterThan(0);
    expect(schemaDocument(BASE, "urn:nope")).toBeUndefined();
  });
});

describe("attribute characteristics", () => {
  it.each<[string, string, Partial<AttributeDefinition>]>([
    [USER_SCHEMA_ID, "userName", { type: "string", required: true, uniqueness: "server", caseExact: false }],
    [USER_SCHEMA_ID, "password", { mutability: "writeOnly", returned: "never" }],
    [USER_SCHEMA_ID, "groups", { mutability: "readOnly", multiValued: true }],
    [USER_SCHEMA_ID, "active", { type: "boolean", multiValued: false }],
    [USER_SCHEMA_ID, "emails", { type: "complex", multiValued: true }],
    [USER_SCHEMA_ID, "emails.primary", { type: "boolean" }],
    [USER_SCHEMA_ID, "name.honorificSuffix", { type: "string" }],
    [USER_SCHEMA_ID, "addresses.formatted", { type: "string" }],
    [USER_SCHEMA_ID, "x509Certificates.value", { type: "binary" }],
    [USER_SCHEMA_ID, "profileUrl", { type: "reference", referenceTypes: ["external"] }],
    [GROUP_SCHEMA_ID, "displayName", { required: true, uniqueness: "server" }],
    [GROUP_SCHEMA_ID, "members", { multiValued: true, mutability: "readWrite" }],
    [GROUP_SCHEMA_ID, "members.$ref", { type: "reference", referenceTypes: ["User", "Group"] }],
    [GROUP_SCHEMA_ID, "members.display", { mutability: "readOnly" }],
    [ENTERPRISE_SCHEMA_ID, "department", { type: "string", multiValued: false }],
    [ENTERPRISE_SCHEMA_ID, "manager", { type: "complex", multiValued: false }],
    [ENTERPRISE_SCHEMA_ID, "manager.displayName", { mutability: "readOnly" }],
    [LMS_SCHEMA_ID, "jobProfile", { type: "string", multiValued: false }],
    [LMS_SCHEMA_ID, "departments", { type: "string", multiValued: true }],
    [LMS_SCHEMA_ID, "permissionTypes", { type: "string", multiValued: true }],
    [LMS_SCHEMA_ID, "language", { type: "string", multiValued: false }],
  ])("%s %s", (schemaId, path, expected) => {
    expect(byName(schemaId, path)).toMatchObject(expected);
  });

  it("declares every attribute the brief lists", () => {
    const names = (id: string) =>
      walk(ALL_SCHEMAS.find((s) => s.id === id)?.attributes ?? []).map(([n]) => n);
    expect(names(USER_SCHEMA_ID)).toEqual(
      expect.arrayContaining(
        ["userName", "name.formatted", "name.familyName", "name.givenName", "name.middleName"]
          .concat(["name.honorificPrefix", "displayName", "nickName", "profileUrl", "title", "userType"])
          .concat(["preferredLanguage", "locale", "timezone", "active", "password", "emails", "phoneNumbers"])
          .concat(["addresses", "groups", "roles", "entitlements", "x509Certificates", "ims", "photos"]),
      ),
    );
    expect(names(GROUP_SCHEMA_ID)).toEqual(
      ["displayName", "members", "members.value", "members.$ref"].concat(["members.display", "members.type"]),
    );
    expect(names(ENTERPRISE_SCHEMA_ID)).toEqual(
      expect.arrayContaining(
        ["employeeNumber", "costCenter", "organization", "division", "department"].concat([
          "manager.value",
          "manager.$ref",
          "manager.displayName",
        ]),
      ),
    );
  });
});

describe("findAttribute (case-insensitive names and URNs, RFC 7643 §2.1)", () => {
  it.each<[string | undefined, string, string | undefined]>([
    [undefined, "USERNAME", "userName"],
    [undefined, "name.FamilyName", "familyName"],
    [undefined, "Emails.Primary", "primary"],
    [undefined, "externalId", "externalId"],
    [undefined, "id", "id"],
    [undefined, "meta.lastModified", "lastModified"],
    [undefined, `${ENTERPRISE}:manager`, "manager"],
    [undefined, `${ENTERPRISE.toUpperCase()}:MANAGER.value`, "value"],
    [undefined, "Department", "department"],
    [undefined, "urn:ietf:params:scim:schemas:extension:enterprise:2.0User:department", undefined],
    [undefined, "nope", undefined],
    [undefined, "name.nope", undefined],
    [USER_SCHEMA_ID.toLowerCase(), "NickName", "nickName"],
    [ENTERPRISE.toUpperCase(), "Department", "department"],
    [ENTERPRISE, "Manager.Value", "value"],
    [LMS_SCHEMA_ID, "permissiontypes", "permissionTypes"],
    [LMS_SCHEMA_ID, "userName", undefined],
    [GROUP_SCHEMA_ID, "Members", "members"],
    [GROUP_SCHEMA_ID, "members.VALUE", "value"],
    ["urn:unknown:schema", "userName", undefined],
  ])("(%s, %s) → %s", (schema, name, canonical) => {
    expect(findAttribute(schema, name)?.name).toBe(canonical);
  });

  it("returns the canonical definition object with its characteristics", () => {
    expect(findAttribute(undefined, "PASSWORD")).toMatchObject({ name: "password", mutability: "writeOnly" });
    expect(findAttribute(undefined, "groups")).toMatchObject({ mutability: "readOnly" });
  });
});
