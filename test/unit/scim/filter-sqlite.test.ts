import Database from "better-sqlite3";
import { compileFilter, parseFilter } from "../../../src/scim/protocol/filter";
import { ENTERPRISE_USER, resolver } from "./filter-fixtures";

/**
 * Runs compiled filters on a real SQLite database, so the semantics (case folding, LIKE escaping,
 * NULL handling under not/ne, one-element value paths) are proven, not just the SQL text.
 */
const db = new Database(":memory:");
db.exec(`
  CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, userNameKey TEXT, externalId TEXT,
    displayName TEXT, title TEXT, givenName TEXT, active INTEGER, loginCount INTEGER, updatedAt TEXT,
    departmentKey TEXT);
  CREATE TABLE emails (userId INTEGER NOT NULL, type TEXT, valueKey TEXT, isPrimary INTEGER);
`);
const addUser = db.prepare(
  `INSERT INTO users (name, userNameKey, externalId, displayName, title, givenName, active, loginCount,
     updatedAt, departmentKey) VALUES (@name, @key, @ext, @display, @title, @given, @active, @logins,
     @updated, @dept)`,
);
const addEmail = db.prepare("INSERT INTO emails (userId, type, valueKey, isPrimary) VALUES (?, ?, ?, ?)");
// `key` columns hold lowercased values; the others hold values as sent.
const user = (name: string, key: string, updated: string, more: Record<string, unknown>) =>
  addUser.run({ ext: null, title: null, dept: null, active: 1, logins: 0, ...more, name, key, updated });
user("alice", "alice@example.com", "2024-01-10 10:00:00.000", {
  ext: "ExT-1",
  display: "Alice Smith",
  given: "Alice",
  title: "Engineer",
  logins: 5,
  dept: "sales",
});
user("bob", "bob_1@example.com", "2024-03-01 00:00:00.000", {
  ext: "ext-2",
  display: "Bob",
  given: "Bob",
  active: 0,
});
user("carol", "carol%x@example.org", "2023-12-31 23:59:59.999", {
  display: "Carol",
  given: "Carol",
  title: "",
  logins: 12,
  dept: "r&d",
});
user("dave", "d\\ave!@x.io", "2024-01-05 00:00:00.000", {
  ext: "*e?t",
  display: "Dave",
  given: "Dave",
  title: "engineer",
  logins: 1,
  dept: "sales",
});
addEmail.run(1, "Work", "alice@example.com", 1);
addEmail.run(1, "home", "alice@home.org", 0);
addEmail.run(2, "WORK", "bob_1@example.com", 1);
addEmail.run(4, "home", "d\\ave!@x.io", 0);

function matching(filter: string): string[] {
  const { sql, params } = compileFilter(parseFilter(filter), resolver, { dialect: "sqlite" });
  const rows = db.prepare(`SELECT u.name FROM users u WHERE ${sql} ORDER BY u.id`).all(...params);
  return (rows as { name: string }[]).map((row) => row.name);
}

afterAll(() => db.close());

describe("compiled filters on SQLite select the right users", () => {
  it.each<[string, string[]]>([
    ['userName eq "ALICE@example.COM"', ["alice"]],
    ['userName eq "nobody@example.com"', []],
    // `_`, `%`, `!` and `\` are literals, not wildcards or escapes.
    ['userName co "_"', ["bob"]],
    ['userName co "%"', ["carol"]],
    ['userName co "!"', ["dave"]],
    ['userName sw "D\\\\A"', ["dave"]],
    ['userName sw "B"', ["bob"]],
    ['userName ew ".ORG"', ["carol"]],
    ['externalId eq "ext-1"', []],
    ['externalId eq "ExT-1"', ["alice"]],
    ['externalId sw "EXT"', []], // case-exact: GLOB, not SQLite's case-blind LIKE
    ['externalId sw "ext"', ["bob"]],
    ['externalId co "*"', ["dave"]],
    ['externalId ne "ext-2"', ["alice", "carol", "dave"]], // NULL externalId counts as "not equal"
    ['displayName co "SMITH"', ["alice"]],
    ['name.givenName eq "carol"', ["carol"]],
    ['title ne "ENGINEER"', ["bob", "carol"]],
    ['not (title eq "engineer")', ["bob", "carol"]], // NULL title must not vanish under not
    ["title pr", ["alice", "dave"]],
    ["not (title pr)", ["bob", "carol"]],
    ["title eq null", ["bob", "carol"]],
    ["active eq false", ["bob"]],
    ["active eq True", ["alice", "carol", "dave"]],
    ["loginCount gt 4", ["alice", "carol"]],
    ['meta.lastModified ge "2024-01-10T10:00:00Z"', ["alice", "bob"]],
    ['meta.lastModified lt "2024-01-01T00:00:00Z"', ["carol"]],
    ['meta.lastModified lt "2024-01-01T00:30:00+01:00"', []],
    [`${ENTERPRISE_USER}:department eq "R&D"`, ["carol"]],
    ['emails[type eq "work"].value eq "Alice@Example.com"', ["alice"]],
    ['emails[type eq "home"].value eq "alice@example.com"', []], // both tests on ONE element
    ['emails[type eq "work" and primary eq true]', ["alice", "bob"]],
    ['emails.type eq "home"', ["alice", "dave"]],
    ['emails co "EXAMPLE"', ["alice", "bob"]],
    ["emails pr", ["alice", "bob", "dave"]],
    ["emails eq null", ["carol"]],
    ['not (emails[type eq "work"])', ["carol", "dave"]],
    ['userName eq "x" or emails[type eq "work" and value co "BOB"]', ["bob"]],
    ["(active eq true or loginCount gt 10) and not (title pr)", ["carol"]],
    ['(userName sw "a" or userName sw "b") and not (active eq false)', ["alice"]],
  ])("%s", (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });
});

describe("the largest filters still run", () => {
  it("a 4096-character chain of 'or' stays under SQLite's expression depth limit (1000)", () => {
    const terms = Math.floor((4096 + 4) / "title pr or ".length);
    const filter = Array.from({ length: terms }, () => "title pr").join(" or ");
    expect(filter.length).toBeLessThanOrEqual(4096);
    expect(matching(filter)).toEqual(["alice", "dave"]);
  });

  it("31 nested not ( … ) around a value path: 32 levels, the maximum", () => {
    const filter = `${"not (".repeat(31)}emails[type eq "work"]${")".repeat(31)}`;
    expect(matching(filter)).toEqual(["carol", "dave"]);
  });
});
