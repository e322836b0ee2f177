import { parseFilter, type FilterNode } from "../../../src/scim/protocol/filter";
import { and, cmp, CORE_USER, ENTERPRISE_USER, not, or, pr, vp } from "./filter-fixtures";

const a1 = cmp("a", "eq", 1);
const b2 = cmp("b", "eq", 2);
const c3 = cmp("c", "eq", 3);
const workType = cmp("type", "eq", "work");

describe("parseFilter: real clients (INTEROP.md)", () => {
  it.each<[string, FilterNode]>([
    ['userName eq "a@b.com"', cmp("userName", "eq", "a@b.com")],
    [
      'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7d2a5e7a9c11"',
      cmp("externalId", "eq", "0a21f0f2-8d2a-4f8e-bf98-7d2a5e7a9c11"),
    ],
    ['emails[type eq "work"].value eq "a@b.com"', vp("emails", workType, cmp("value", "eq", "a@b.com"))],
    ['displayName eq "Group"', cmp("displayName", "eq", "Group")],
    ['members[value eq "2819c223"]', vp("members", cmp("value", "eq", "2819c223"))],
    ['manager[value eq "id-1"]', vp("manager", cmp("value", "eq", "id-1"))],
  ])("%s", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });
});

describe("parseFilter: attribute paths", () => {
  it.each<[string, FilterNode]>([
    ['name.givenName eq "Ann"', cmp("name.givenName", "eq", "Ann")],
    [
      `${ENTERPRISE_USER}:department eq "Sales"`,
      cmp({ schema: ENTERPRISE_USER, attribute: "department" }, "eq", "Sales"),
    ],
    [`${CORE_USER}:userName sw "j"`, cmp({ schema: CORE_USER, attribute: "userName" }, "sw", "j")],
    [
      `${ENTERPRISE_USER}:manager.value eq "123"`,
      cmp({ schema: ENTERPRISE_USER, attribute: "manager", subAttribute: "value" }, "eq", "123"),
    ],
    [`${CORE_USER}:emails[type eq "work"]`, vp({ schema: CORE_USER, attribute: "emails" }, workType)],
    ["members.$ref pr", pr("members.$ref")],
    ['x-custom_1 eq "v"', cmp("x-custom_1", "eq", "v")],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', cmp("meta.lastModified", "gt", "2011-05-13T04:42:34Z")],
  ])("%s", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });
});

describe("parseFilter: operators and values", () => {
  it.each(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const)("operator %s", (op) => {
    expect(parseFilter(`title ${op} "x"`)).toEqual(cmp("title", op, "x"));
  });

  it.each<[string, FilterNode]>([
    ['userName EQ "x"', cmp("userName", "eq", "x")],
    ['userName Eq "x"', cmp("userName", "eq", "x")],
    ["title PR", pr("title")],
    ['  userName \t eq\n"x"  ', cmp("userName", "eq", "x")],
    ['userName eq"x"', cmp("userName", "eq", "x")],
    ['userName eq "a\\"b"', cmp("userName", "eq", 'a"b')], // scimmy cuts the string at \"
    ['userName eq "back\\\\slash"', cmp("userName", "eq", "back\\slash")],
    ['userName eq "caf\\u00e9 \\u00C9"', cmp("userName", "eq", "café É")],
    ['userName eq "\\ud83d\\ude00"', cmp("userName", "eq", "😀")],
    ['userName eq "a\\/b\\n\\t\\r\\b\\f"', cmp("userName", "eq", "a/b\n\t\r\b\f")],
    ['displayName eq "a and b) or (c"', cmp("displayName", "eq", "a and b) or (c")],
    ['displayName eq ""', cmp("displayName", "eq", "")],
    ["loginCount eq 0", cmp("loginCount", "eq", 0)],
    ["loginCount gt 42", cmp("loginCount", "gt", 42)],
    ["loginCount lt -7", cmp("loginCount", "lt", -7)],
    ["score ge 1.5", cmp("score", "ge", 1.5)],
    ["score le 1e3", cmp("score", "le", 1000)],
    ["score eq -2.5E-2", cmp("score", "eq", -0.025)],
    ["primary eq true", cmp("primary", "eq", true)],
    ["primary eq True", cmp("primary", "eq", true)],
    ["primary eq FALSE", cmp("primary", "eq", false)],
    ["title eq null", cmp("title", "eq", null)],
    ["title ne NULL", cmp("title", "ne", null)],
  ])("%s", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });
});

describe("parseFilter: logic, precedence and grouping", () => {
  it.each<[string, FilterNode]>([
    ["a eq 1 or b eq 2 and c eq 3", or(a1, and(b2, c3))],
    ["a eq 1 and b eq 2 or c eq 3", or(and(a1, b2), c3)],
    ["a eq 1 or b eq 2 or c eq 3", or(or(a1, b2), c3)],
    ["a eq 1 and b eq 2 and c eq 3", and(and(a1, b2), c3)],
    ["a eq 1 AND b eq 2 Or c eq 3", or(and(a1, b2), c3)],
    ["(a eq 1 or b eq 2) and c eq 3", and(or(a1, b2), c3)],
    ["((a eq 1))", a1],
    ["not (a eq 1)", not(a1)],
    ["NOT (a eq 1)", not(a1)],
    ["not(a eq 1)", not(a1)],
    ["not (a eq 1) and b eq 2", and(not(a1), b2)],
    ["not (not (a eq 1))", not(not(a1))],
    // scimmy drops the trailing `not (C)`.
    ["(a eq 1 or b eq 2) and not (c eq 3)", and(or(a1, b2), not(c3))],
    ['title pr and userType eq "Employee"', and(pr("title"), cmp("userType", "eq", "Employee"))],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(
        cmp("userType", "ne", "Employee"),
        not(or(cmp("emails", "co", "example.com"), cmp("emails.value", "co", "example.org"))),
      ),
    ],
    ['not eq "x"', cmp("not", "eq", "x")], // an attribute may share a keyword's name
  ])("%s", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });
});

describe("parseFilter: value paths", () => {
  const valueCoX = cmp("value", "co", "x");
  it.each<[string, FilterNode]>([
    ['emails[type eq "work" and primary eq true]', vp("emails", and(workType, cmp("primary", "eq", true)))],
    // scimmy mis-splits a bracketed `and` that follows an `or`.
    [
      'userName eq "a" or emails[type eq "work" and value co "x"]',
      or(cmp("userName", "eq", "a"), vp("emails", and(workType, valueCoX))),
    ],
    ['emails[type eq "work"].value pr', vp("emails", workType, pr("value"))],
    ['emails[type eq "work"].Value EQ "x"', vp("emails", workType, cmp("Value", "eq", "x"))],
    ['emails[not (type eq "work")]', vp("emails", not(workType))],
    [
      'emails[(type eq "work" or type eq "home") and value co "x"]',
      vp("emails", and(or(workType, cmp("type", "eq", "home")), valueCoX)),
    ],
    ['not (emails[type eq "work"])', not(vp("emails", workType))],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@example.com"]',
      or(
        vp("emails", and(workType, cmp("value", "co", "@example.com"))),
        vp("ims", and(cmp("type", "eq", "xmpp"), cmp("value", "co", "@example.com"))),
      ),
    ],
    [
      'emails[type eq "work"].value eq "x" and active eq true',
      and(vp("emails", workType, cmp("value", "eq", "x")), cmp("active", "eq", true)),
    ],
    ['emails [type eq "work"]', vp("emails", workType)],
  ])("%s", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });
});

describe("parseFilter: abuse limits at their edge", () => {
  it("accepts 32 levels of nesting", () => {
    expect(parseFilter(`${"(".repeat(32)}a eq 1${")".repeat(32)}`)).toEqual(a1);
  });
  it("accepts a filter of exactly 4096 characters", () => {
    const value = "x".repeat(4096 - 'userName eq ""'.length);
    expect(parseFilter(`userName eq "${value}"`)).toEqual(cmp("userName", "eq", value));
  });
});
