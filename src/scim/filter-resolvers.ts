import type { ColumnTarget, Dialect, MultiValuedTarget, Resolver, ResolverPath } from "./protocol";
import { ENTERPRISE_SCHEMA_ID, GROUP_SCHEMA_ID, USER_SCHEMA_ID } from "./protocol";

/**
 * Filter attributes → SQL over the SCIM list queries' aliases: `u` (users), `s` (scim_users,
 * LEFT JOINed), `g` (scim_groups). Attributes the directory keeps in columns use them (and their
 * indexes); the rest of a SCIM profile is read from its JSON.
 */
const col = (
  sql: string,
  type: ColumnTarget["type"],
  caseExact: boolean,
  needsLower = false,
): ColumnTarget => ({
  kind: "column",
  sql,
  type,
  caseExact,
  needsLower,
});

function json(dialect: Dialect, path: string): string {
  return dialect === "mysql"
    ? `JSON_UNQUOTE(JSON_EXTRACT(s.profile, '$.${path}'))`
    : `json_extract(s.profile, '$.${path}')`;
}

/**
 * The directory keeps one email and one phone, exposed to SCIM as the primary work email and
 * mobile number: `emails[type eq "work"].value eq "…"` is then an indexed lookup on emailKey.
 */
function singleAsMulti(column: ColumnTarget, type: string): MultiValuedTarget {
  return {
    kind: "multi",
    exists: (inner) => `(${column.sql} IS NOT NULL AND ${inner})`,
    sub: (sub) =>
      sub === "value"
        ? column
        : sub === "type"
          ? col(`'${type}'`, "string", false)
          : sub === "primary"
            ? col("1", "boolean", false)
            : undefined,
    defaultSub: "value",
  };
}

const CORE_USER = USER_SCHEMA_ID.toLowerCase();
const ENTERPRISE = ENTERPRISE_SCHEMA_ID.toLowerCase();
const CORE_GROUP = GROUP_SCHEMA_ID.toLowerCase();

const PROFILE_STRINGS: Record<string, string> = {
  displayname: "displayName",
  nickname: "nickName",
  title: "title",
  usertype: "userType",
  preferredlanguage: "preferredLanguage",
  locale: "locale",
  timezone: "timezone",
  profileurl: "profileUrl",
};

export function userResolver(dialect: Dialect): Resolver {
  return (path: ResolverPath) => {
    const { schema, attribute, subAttribute } = path;
    if (schema === ENTERPRISE) {
      if (attribute === "manager") return col(json(dialect, "enterprise.manager.value"), "string", true);
      const known = ["department", "employeenumber", "costcenter", "organization", "division"];
      const canonical =
        { employeenumber: "employeeNumber", costcenter: "costCenter" }[attribute] ?? attribute;
      return known.includes(attribute)
        ? col(json(dialect, `enterprise.${canonical}`), "string", false, true)
        : undefined;
    }
    if (schema !== undefined && schema !== CORE_USER) return undefined;
    switch (attribute) {
      case "id":
        return col("u.id", "string", true);
      case "externalid":
        return col("u.externalId", "string", true);
      case "username":
        return col("u.userNameKey", "string", false);
      case "active":
        return col("(u.status <> 'deactivated')", "boolean", false);
      case "name":
        if (subAttribute === "givenname") return col("u.firstName", "string", false, true);
        if (subAttribute === "familyname") return col("u.lastName", "string", false, true);
        return undefined;
      case "emails":
        return singleAsMulti(col("u.emailKey", "string", false), "work");
      case "phonenumbers":
        return singleAsMulti(col("u.phone", "string", false), "mobile");
      case "groups":
        return {
          kind: "multi",
          exists: (inner) =>
            `EXISTS (SELECT 1 FROM scim_group_members gm WHERE gm.userId = u.id AND ${inner})`,
          sub: (sub) => (sub === "value" ? col("gm.groupId", "string", true) : undefined),
          defaultSub: "value",
        };
      case "meta":
        if (subAttribute === "created") return col("u.createdAt", "datetime", false);
        if (subAttribute === "lastmodified") return col("u.updatedAt", "datetime", false);
        return undefined;
      default: {
        const key = PROFILE_STRINGS[attribute];
        return key ? col(json(dialect, key), "string", false, true) : undefined;
      }
    }
  };
}

export function groupResolver(): Resolver {
  return ({ schema, attribute, subAttribute }: ResolverPath) => {
    if (schema !== undefined && schema !== CORE_GROUP) return undefined;
    switch (attribute) {
      case "id":
        return col("g.id", "string", true);
      case "externalid":
        return col("g.externalId", "string", true);
      case "displayname":
        return col("g.displayNameKey", "string", false);
      case "members":
        return {
          kind: "multi",
          exists: (inner) =>
            `EXISTS (SELECT 1 FROM scim_group_members m WHERE m.groupId = g.id AND ${inner})`,
          sub: (sub) => (sub === "value" ? col("m.userId", "string", true) : undefined),
          defaultSub: "value",
        };
      case "meta":
        if (subAttribute === "created") return col("g.createdAt", "datetime", false);
        if (subAttribute === "lastmodified") return col("g.updatedAt", "datetime", false);
        return undefined;
      default:
        return undefined;
    }
  };
}

/** sortBy → an ORDER BY expression (RFC 7644 §3.4.2.3); unknown attributes are refused. */
export const USER_SORT: Record<string, string> = {
  id: "u.id",
  username: "u.userNameKey",
  externalid: "u.externalId",
  "name.givenname": "u.firstName",
  "name.familyname": "u.lastName",
  "meta.created": "u.createdAt",
  "meta.lastmodified": "u.updatedAt",
  "emails.value": "u.emailKey",
};

export const GROUP_SORT: Record<string, string> = {
  id: "g.id",
  displayname: "g.displayNameKey",
  externalid: "g.externalId",
  "meta.created": "g.createdAt",
  "meta.lastmodified": "g.updatedAt",
};

export function sortKey(
  sortBy: string | undefined,
  table: Record<string, string>,
  coreUrn: string,
): string | undefined {
  if (!sortBy) return undefined;
  let key = sortBy.toLowerCase();
  if (key.startsWith(`${coreUrn.toLowerCase()}:`)) key = key.slice(coreUrn.length + 1);
  return table[key];
}
