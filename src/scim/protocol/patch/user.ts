import { normalizeUserInput, toUserDocument } from "../normalize";
import { isPlainObject, type ScimUserInput } from "../schemas";
import { deepEqual } from "./multi-valued";
import { atOperation, parseOperations } from "./operations";
import { applyUserOperation } from "./user-ops";

export interface UserPatchResult {
  resource: ScimUserInput;
  /**
   * What really changed, as `userName`, `emails`, `name.givenName`, `enterprise.manager`,
   * `lms.departments` (objects one level deep, lists whole). Empty: nothing to write.
   */
  changed: string[];
  /** Unknown or readOnly keys of no-path value objects that were skipped. */
  ignored: string[];
}

/**
 * RFC 7644 §3.5.2 PATCH of a User, as read-modify-write of the canonical resource (users are
 * small). The result is re-normalized, so it is canonical and still valid (`userName` required).
 * Pure: `resource` is not mutated. Throws ScimError 400 (invalidSyntax, invalidPath, invalidValue,
 * noTarget, mutability).
 */
export function applyUserPatch(resource: ScimUserInput, body: unknown): UserPatchResult {
  const operations = parseOperations(body);
  const before = normalizeUserInput(toUserDocument(resource)).resource;
  const document = toUserDocument(before);
  const ignored: string[] = [];
  for (const operation of operations) {
    atOperation(operation, () => applyUserOperation(document, operation, { ignored }));
  }
  const after = normalizeUserInput(document).resource;
  return { resource: after, changed: changedPaths(before, after), ignored: [...new Set(ignored)] };
}

const NESTED = new Set(["name", "enterprise", "lms"]);

function changedPaths(before: ScimUserInput, after: ScimUserInput): string[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[key], b[key]];
    if (NESTED.has(key) && (isPlainObject(x) || isPlainObject(y))) {
      const [px, py] = [isPlainObject(x) ? x : {}, isPlainObject(y) ? y : {}];
      for (const sub of new Set([...Object.keys(px), ...Object.keys(py)])) {
        if (!deepEqual(px[sub], py[sub])) changed.push(`${key}.${sub}`);
      }
    } else if (!deepEqual(x, y)) changed.push(key);
  }
  return changed;
}
