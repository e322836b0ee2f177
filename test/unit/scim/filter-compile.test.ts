import {
  compileFilter,
  FilterError,
  parseFilter,
  type Dialect,
  type Resolver,
  type ResolverPath,
} from "../../../src/scim/protocol/filter";
import { ENTERPRISE_USER, resolver } from "./filter-fixtures";

const compile = (filter: string, dialect: Dialect = "sqlite") =>
  compileFilter(parseFilter(filter), resolver, { dialect });
const EMAIL = (inner: string) => `EXISTS (SELECT 1 FROM emails e WHERE e.userId = u.id AND ${inner})`;

describe("compileFilter: exact SQL and parameters", () => {
  it.each<[string, string, unknown[]]>([
    // Case-insensitive key column: the parameter is lowercased, the column used as is.
    ['userName eq "A@B.com"', "u.userNameKey = ?", ["a@b.com"]],
    ['USERNAME Eq "x"', "u.userNameKey = ?", ["x"]],
    ['externalId eq "AbC"', "u.externalId = ?", ["AbC"]],
    ['displayName eq "Group"', "LOWER(u.displayName) = ?", ["group"]],
    ['userName ne "X"', "(u.userNameKey IS NULL OR u.userNameKey <> ?)", ["x"]],
    ['displayName ne "X"', "(u.displayName IS NULL OR LOWER(u.displayName) <> ?)", ["x"]],
    ['userName co "A_b%c!d"', "u.userNameKey LIKE ? ESCAPE '!'", ["%a!_b!%c!!d%"]],
    ['userName sw "J"', "u.userNameKey LIKE ? ESCAPE '!'", ["j%"]],
    ['userName ew "\\\\x"', "u.userNameKey LIKE ? ESCAPE '!'", ["%\\x"]],
    ['userName gt "M"', "u.userNameKey > ?", ["m"]],
    ['externalId co "A*b?[c]"', "u.externalId GLOB ?", ["*A[*]b[?][[]c]*"]],
    ['externalId sw "A"', "u.externalId GLOB ?", ["A*"]],
    ['externalId ew "A"', "u.externalId GLOB ?", ["*A"]],
    ["title pr", "(u.title IS NOT NULL AND u.title <> '')", []],
    ["title eq null", "(u.title IS NULL OR u.title = '')", []],
    ["title ne null", "(u.title IS NOT NULL AND u.title <> '')", []],
    ["active pr", "u.active IS NOT NULL", []],
    ["active eq null", "u.active IS NULL", []],
    ["active eq true", "u.active = ?", [1]],
    ["active eq False", "u.active = ?", [0]],
    ['active eq "True"', "u.active = ?", [1]],
    ["active ne true", "(u.active IS NULL OR u.active <> ?)", [1]],
    ["loginCount ge 3", "u.loginCount >= ?", [3]],
    ["loginCount lt -1.5", "u.loginCount < ?", [-1.5]],
    ['meta.lastModified gt "2024-01-02T03:04:05Z"', "u.updatedAt > ?", ["2024-01-02 03:04:05.000"]],
    ['meta.lastModified le "2024-01-02T05:04:05.5+02:00"', "u.updatedAt <= ?", ["2024-01-02 03:04:05.500"]],
    ['meta.lastModified eq "2024-01-02T03:04:05.123456"', "u.updatedAt = ?", ["2024-01-02 03:04:05.123"]],
    ['meta.lastModified lt "2024-01-02"', "u.updatedAt < ?", ["2024-01-02 00:00:00.000"]],
    [`${ENTERPRISE_USER}:department eq "R&D"`, "u.departmentKey = ?", ["r&d"]],
    [
      'URN:IETF:params:scim:schemas:core:2.0:USER:Name.GivenName sw "A"',
      "LOWER(u.givenName) LIKE ? ESCAPE '!'",
      ["a%"],
    ],
    [
      'userName eq "a" and not (active eq false)',
      "(u.userNameKey = ? AND NOT COALESCE(u.active = ?, 0))",
      ["a", 0],
    ],
    [
      '(userName eq "a" or userName eq "b") and not (title eq "c")',
      "((u.userNameKey = ? OR u.userNameKey = ?) AND NOT COALESCE(LOWER(u.title) = ?, 0))",
      ["a", "b", "c"],
    ],
    ['emails eq "X@Y"', EMAIL("e.valueKey = ?"), ["x@y"]],
    ['emails.type eq "Work"', EMAIL("LOWER(e.type) = ?"), ["work"]],
    ["emails pr", EMAIL("(e.valueKey IS NOT NULL AND e.valueKey <> '')"), []],
    ["emails eq null", `NOT ${EMAIL("(e.valueKey IS NOT NULL AND e.valueKey <> '')")}`, []],
    ['emails.value ne "x"', EMAIL("(e.valueKey IS NULL OR e.valueKey <> ?)"), ["x"]],
    [
      'emails[type eq "work"].value eq "A@b.com"',
      EMAIL("(LOWER(e.type) = ? AND e.valueKey = ?)"),
      ["work", "a@b.com"],
    ],
    [
      'emails[type eq "work" and primary eq true]',
      EMAIL("(LOWER(e.type) = ? AND e.isPrimary = ?)"),
      ["work", 1],
    ],
    [
      'userName eq "a" or emails[type eq "work" and value co "x"]',
      `(u.userNameKey = ? OR ${EMAIL("(LOWER(e.type) = ? AND e.valueKey LIKE ? ESCAPE '!')")})`,
      ["a", "work", "%x%"],
    ],
    ['not (emails[type eq "work"])', `NOT COALESCE(${EMAIL("LOWER(e.type) = ?")}, 0)`, ["work"]],
    ["emails[not (primary eq true)]", EMAIL("NOT COALESCE(e.isPrimary = ?, 0)"), [1]],
  ])("%s", (filter, sql, params) => {
    expect(compile(filter)).toEqual({ sql, params });
  });
});

describe("compileFilter: MySQL dialect", () => {
  it.each<[string, string, unknown[]]>([
    // Case-exact columns are utf8mb4_bin on MySQL (migrations/kit.ts), where LIKE is case-sensitive.
    ['externalId co "A*b_"', "u.externalId LIKE ? ESCAPE '!'", ["%A*b!_%"]],
    ['userName sw "J"', "u.userNameKey LIKE ? ESCAPE '!'", ["j%"]],
    [
      'meta.lastModified ge "2024-01-02T03:04:05+01:00"',
      "u.updatedAt >= ?",
      [new Date("2024-01-02T02:04:05Z")],
    ],
  ])("%s", (filter, sql, params) => {
    expect(compile(filter, "mysql")).toEqual({ sql, params });
  });
});

describe("compileFilter: what the resolver receives", () => {
  it("lowercases schema, attribute and sub-attribute, and asks multi-valued attributes without sub", () => {
    const seen: ResolverPath[] = [];
    const spy: Resolver = (path) => {
      seen.push(path);
      return resolver(path) ?? { kind: "column", sql: "u.managerId", type: "string", caseExact: true };
    };
    const filter = `${ENTERPRISE_USER}:Manager.Value pr or emails[Type eq "x"].Value pr`;
    compileFilter(parseFilter(filter), spy);
    expect(seen).toEqual([
      { schema: ENTERPRISE_USER.toLowerCase(), attribute: "manager", subAttribute: "value" },
      { attribute: "emails" },
    ]);
  });
  it("defaults to the sqlite dialect", () => {
    expect(compileFilter(parseFilter('externalId sw "A"'), resolver).sql).toBe("u.externalId GLOB ?");
  });
});

describe("compileFilter rejects what it cannot compile", () => {
  it.each<[string, RegExp]>([
    ['nickName eq "x"', /^Unknown or unfilterable attribute 'nickName'/],
    [
      'urn:example:other:department eq "x"',
      /^Unknown or unfilterable attribute 'urn:example:other:department'/,
    ],
    ['name.middleName eq "x"', /^Unknown or unfilterable attribute 'name\.middleName'/],
    ['emails[foo eq "x"]', /^Unknown sub-attribute 'foo' of 'emails'/],
    ['emails.foo eq "x"', /^Unknown sub-attribute 'foo' of 'emails'/],
    ['emails[type eq "work"].foo eq "x"', /^Unknown sub-attribute 'foo' of 'emails'/],
    ['emails[value.x eq "x"]', /plain sub-attribute name, not 'value\.x'/],
    ['userName[type eq "x"]', /^'userName\[\.\.\.\]' needs a multi-valued attribute/],
    ["active gt true", /^'gt' cannot compare the boolean 'active'/],
    ['active co "t"', /^'co' applies to strings only, and 'active' is a boolean/],
    ["active eq 1", /^'active' expects true or false, got number 1/],
    ["emails[primary eq 1]", /^'emails\.primary' expects true or false/],
    ["userName eq 5", /^'userName' expects a string value, got number 5/],
    ["userName eq true", /^'userName' expects a string value, got boolean true/],
    ['loginCount eq "3"', /^'loginCount' expects a number, got string "3"/],
    ["loginCount sw 3", /^'sw' applies to strings only/],
    ['meta.lastModified gt "yesterday"', /expects an ISO 8601 date-time string/],
    ['meta.lastModified gt "2024-02-30T00:00:00Z"', /impossible date-time/],
    ['meta.lastModified gt "2024-01-01T24:00:00Z"', /impossible date-time/],
    ["userName gt null", /^'gt null' is meaningless for 'userName'/],
  ])("%s", (filter, message) => {
    expect(() => compile(filter)).toThrow(FilterError);
    expect(() => compile(filter)).toThrow(message);
  });
});
