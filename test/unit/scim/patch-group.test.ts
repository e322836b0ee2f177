import { ScimError } from "../../../src/scim/protocol/errors";
import { MAX_OPERATIONS, planGroupPatch, type GroupPatchPlan } from "../../../src/scim/protocol/patch";
import entra from "../../fixtures/scim/entra-groups.json";
import okta from "../../fixtures/scim/okta-groups.json";

const ops = (...operations: unknown[]) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: operations,
});

type Expected = Omit<GroupPatchPlan, "ignored"> & { ignored?: string[] };

function run(cases: [string, unknown, Expected][]): void {
  it.each(cases)("%s", (_name, body, expected) => {
    expect(planGroupPatch(body)).toEqual({ ignored: [], ...expected });
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

describe('INTEROP Groups "Membership: add members with many values"', () => {
  run([
    [
      "Entra add members ($ref: null)",
      entra.patchAddMembers,
      {
        membership: [
          {
            op: "add",
            ids: [
              "f648f8d5ea4e4cd38e9c",
              "8c4a1f2e-1b2c-4d3e-9f0a-b1c2d3e4f5a6",
              "9d5b2a3f-2c3d-4e4f-8a1b-c2d3e4f5a6b7",
            ],
          },
        ],
      },
    ],
    [
      "Okta add members (display ignored)",
      okta.patchAddMembers,
      { membership: [{ op: "add", ids: ["23a35c27-23d3-4c03-b4c5-6443c09e7173"] }] },
    ],
    [
      "duplicate ids in one request are added once",
      ops({ op: "Add", path: "members", value: [{ value: "a" }, { value: "a" }, { value: "b" }] }),
      { membership: [{ op: "add", ids: ["a", "b"] }] },
    ],
    [
      "consecutive adds merge into one change",
      ops(
        { op: "add", path: "members", value: [{ value: "a" }] },
        { op: "ADD", path: "Members", value: [{ value: "b" }] },
      ),
      { membership: [{ op: "add", ids: ["a", "b"] }] },
    ],
    [
      "a lone member object and bare id strings are accepted",
      ops(
        { op: "add", path: "members", value: { value: "a" } },
        { op: "add", path: "members", value: ["b"] },
      ),
      { membership: [{ op: "add", ids: ["a", "b"] }] },
    ],
    [
      "add with an empty list changes nothing",
      ops({ op: "add", path: "members", value: [] }),
      { membership: [] },
    ],
    [
      "no-path add with a members key",
      ops({ op: "add", value: { members: [{ value: "a" }] } }),
      { membership: [{ op: "add", ids: ["a"] }] },
    ],
    [
      "URN-prefixed members path",
      ops({
        op: "add",
        path: "urn:ietf:params:scim:schemas:core:2.0:Group:members",
        value: [{ value: "a" }],
      }),
      { membership: [{ op: "add", ids: ["a"] }] },
    ],
  ]);

  it("5,000 members in one PATCH become one add, quickly", () => {
    const value = Array.from({ length: 5000 }, (_, i) => ({ $ref: null, value: `user-${i}` }));
    const started = Date.now();
    const plan = planGroupPatch(ops({ op: "Add", path: "members", value }));
    expect(Date.now() - started).toBeLessThan(500);
    expect(plan.membership).toEqual([{ op: "add", ids: value.map((v) => v.value) }]);
  });
});

describe('INTEROP Groups "remove by members[value eq "x"]"', () => {
  run([
    [
      "Okta remove by filter",
      okta.patchRemoveMember,
      { membership: [{ op: "remove", ids: ["23a35c27-23d3-4c03-b4c5-6443c09e7173"] }] },
    ],
    [
      "Entra remove by filter (compatibility page, older shape)",
      entra.patchRemoveMemberFilter,
      { membership: [{ op: "remove", ids: ["7f4bc1a3-285e-48ae-8202-5accb43efb0e"] }] },
    ],
    [
      "or of value eq selects several members",
      ops({ op: "remove", path: 'members[value eq "a" or value eq "b"]' }),
      { membership: [{ op: "remove", ids: ["a", "b"] }] },
    ],
    [
      "attribute name and operator in another case",
      ops({ op: "Remove", path: 'Members[Value EQ "a"]' }),
      { membership: [{ op: "remove", ids: ["a"] }] },
    ],
    [
      "a value with brackets and quotes inside the filter",
      ops({ op: "remove", path: 'members[value eq "a]\\"b"]' }),
      { membership: [{ op: "remove", ids: ['a]"b'] }] },
    ],
  ]);
});

describe('INTEROP Groups "Entra\'s remove members with a value array removes only those members (never all)"', () => {
  run([
    [
      "Entra remove members with values (compatibility page)",
      entra.patchRemoveMembersValues,
      { membership: [{ op: "remove", ids: ["7f4bc1a3-285e-48ae-8202-5accb43efb0e"] }] },
    ],
    [
      "several values",
      ops({ op: "Remove", path: "members", value: [{ value: "a" }, { value: "b" }] }),
      { membership: [{ op: "remove", ids: ["a", "b"] }] },
    ],
    [
      "an empty value array removes nothing (never all)",
      ops({ op: "Remove", path: "members", value: [] }),
      { membership: [] },
    ],
  ]);
});

describe('INTEROP Groups "remove members with no value removes all"', () => {
  run([
    [
      "Entra remove members without value",
      entra.patchRemoveAllMembers,
      { membership: [{ op: "removeAll" }] },
    ],
    [
      "value: null is no value",
      ops({ op: "remove", path: "members", value: null }),
      { membership: [{ op: "removeAll" }] },
    ],
  ]);
});

describe('INTEROP Groups "replace members sets the list (Okta\'s full push)"', () => {
  run([
    [
      "Okta replace members",
      okta.patchReplaceMembers,
      {
        membership: [
          {
            op: "replace",
            ids: ["23a35c27-23d3-4c03-b4c5-6443c09e7173", "89bb1940-b905-4575-9e7f-6f887cfb368e"],
          },
        ],
      },
    ],
    [
      "replace with [] empties the group",
      ops({ op: "replace", path: "members", value: [] }),
      { membership: [{ op: "replace", ids: [] }] },
    ],
    [
      "no-path replace with a members key",
      ops({ op: "replace", value: { members: [{ value: "a" }] } }),
      { membership: [{ op: "replace", ids: ["a"] }] },
    ],
    [
      "order is kept across kinds of change",
      ops(
        { op: "replace", path: "members", value: [{ value: "a" }] },
        { op: "remove", path: 'members[value eq "a"]' },
        { op: "add", path: "members", value: [{ value: "b" }] },
      ),
      {
        membership: [
          { op: "replace", ids: ["a"] },
          { op: "remove", ids: ["a"] },
          { op: "add", ids: ["b"] },
        ],
      },
    ],
  ]);
});

describe('INTEROP Groups "Rename by path or by a no-path object that also contains id (Okta) — accept and ignore the id"', () => {
  run([
    [
      "Entra replace displayName by path",
      entra.patchReplaceDisplayName,
      { displayName: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName", membership: [] },
    ],
    ["Okta rename with id in the value", okta.patchRename, { displayName: "Test SCIMv2", membership: [] }],
    [
      "DisplayName key in another case",
      ops({ op: "Replace", value: { DisplayName: "X", schemas: [], meta: {} } }),
      { displayName: "X", membership: [] },
    ],
    [
      "URN-prefixed displayName path",
      ops({ op: "replace", path: "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", value: "Y" }),
      { displayName: "Y", membership: [] },
    ],
    [
      "rename and add members in one request",
      ops(
        { op: "replace", value: { id: "g", displayName: "Z" } },
        { op: "add", path: "members", value: [{ value: "a" }] },
      ),
      { displayName: "Z", membership: [{ op: "add", ids: ["a"] }] },
    ],
    [
      "unknown keys in a no-path object are ignored and reported",
      ops({ op: "replace", value: { displayName: "Z", owner: "x" } }),
      { displayName: "Z", membership: [], ignored: ["owner"] },
    ],
  ]);
});

describe("externalId", () => {
  run([
    [
      "replace externalId",
      ops({ op: "replace", path: "externalId", value: "e-2" }),
      { externalId: "e-2", membership: [] },
    ],
    [
      "remove externalId → null",
      ops({ op: "remove", path: "externalId" }),
      { externalId: null, membership: [] },
    ],
    [
      "replace externalId with null → null",
      ops({ op: "replace", value: { externalId: null } }),
      { externalId: null, membership: [] },
    ],
  ]);
});

describe("Group PATCH errors (RFC 7644 §3.5.2, §3.12)", () => {
  it.each<[string, unknown, string, string]>([
    [
      'members[display eq "x"] cannot be planned without loading members → invalidFilter',
      ops({ op: "remove", path: 'members[display eq "x"]' }),
      "invalidFilter",
      "members",
    ],
    [
      'members[value ne "x"] → invalidFilter',
      ops({ op: "remove", path: 'members[value ne "x"]' }),
      "invalidFilter",
      "members",
    ],
    [
      "add on a filtered members path → invalidPath",
      ops({ op: "add", path: 'members[value eq "x"]', value: [{ value: "x" }] }),
      "invalidPath",
      "members",
    ],
    [
      "members.value path → invalidPath",
      ops({ op: "remove", path: "members.value" }),
      "invalidPath",
      "members.value",
    ],
    [
      "unknown attribute → invalidPath",
      ops({ op: "replace", path: "owner", value: "x" }),
      "invalidPath",
      "owner",
    ],
    [
      "user attribute on a group → invalidPath",
      ops({ op: "replace", path: "userName", value: "x" }),
      "invalidPath",
      "userName",
    ],
    ["id → mutability", ops({ op: "replace", path: "id", value: "x" }), "mutability", "id"],
    [
      "remove displayName (required) → invalidValue",
      ops({ op: "remove", path: "displayName" }),
      "invalidValue",
      "displayName",
    ],
    [
      'displayName "" → invalidValue',
      ops({ op: "replace", path: "displayName", value: "" }),
      "invalidValue",
      "displayName",
    ],
    [
      "displayName 5 → invalidValue",
      ops({ op: "replace", path: "displayName", value: 5 }),
      "invalidValue",
      "displayName",
    ],
    [
      "member without a value → invalidValue",
      ops({ op: "add", path: "members", value: [{ display: "x" }] }),
      "invalidValue",
      "value",
    ],
    [
      "member value 5 → invalidValue",
      ops({ op: "add", path: "members", value: [{ value: 5 }] }),
      "invalidValue",
      "value",
    ],
    [
      "remove without a path → noTarget",
      ops({ op: "remove", value: { members: [{ value: "a" }] } }),
      "noTarget",
      "path",
    ],
    ["op copy → invalidSyntax", ops({ op: "copy", path: "members" }), "invalidSyntax", "copy"],
    [
      "no Operations → invalidSyntax",
      { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"] },
      "invalidSyntax",
      "Operations",
    ],
    [
      `${MAX_OPERATIONS + 1} operations → invalidValue`,
      ops(...Array.from({ length: MAX_OPERATIONS + 1 }, () => ({ op: "add", path: "members", value: [] }))),
      "invalidValue",
      String(MAX_OPERATIONS),
    ],
  ])("%s", (_name, body, scimType, detail) => {
    const error = scimError(() => planGroupPatch(body));
    expect(error).toMatchObject({ status: 400, scimType });
    expect(error.detail).toContain(detail);
  });

  it("accepts operations in any case of key and op", () => {
    const plan = planGroupPatch({ operations: [{ OP: "REMOVE", PATH: "MEMBERS" }] });
    expect(plan.membership).toEqual([{ op: "removeAll" }]);
  });
});
