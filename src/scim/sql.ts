import { compileFilter, parseFilter, type Dialect, type Resolver } from "./protocol";

/**
 * Compiles a SCIM filter for a TypeORM query builder: the compiler emits positional `?`
 * placeholders, the builder wants named ones. Our trusted fragments contain no `?` in literals.
 */
export function filterSql(
  filter: string,
  resolver: Resolver,
  dialect: Dialect,
): { sql: string; params: Record<string, unknown> } {
  const compiled = compileFilter(parseFilter(filter), resolver, { dialect });
  const params: Record<string, unknown> = {};
  let index = 0;
  const sql = compiled.sql.replace(/\?/g, () => {
    const name = `scimf${index}`;
    params[name] = compiled.params[index];
    index += 1;
    return `:${name}`;
  });
  return { sql: `(${sql})`, params };
}
