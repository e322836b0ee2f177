import { isSetFlag } from "../../../src/directory/user-view";

/**
 * consoleAccess comes through a UNION ALL, typed differently by each database: SQLite 0/1,
 * MariaDB INT, MySQL 8 BIGINT — which mysql2 with TypeORM's bigNumberStrings returns as "0"/"1".
 * A truthiness test would read "0" as console access for everyone with any permission type.
 */
test.each([
  [1, true],
  ["1", true],
  [true, true],
  [1n, true],
  [0, false],
  ["0", false],
  [false, false],
  [0n, false],
  [null, false],
  [undefined, false],
  ["", false],
  ["true", false],
  [2, false],
])("isSetFlag(%p) is %p", (value, expected) => {
  expect(isSetFlag(value)).toBe(expected);
});
