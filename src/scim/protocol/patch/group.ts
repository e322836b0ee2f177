import { invalidFilter, invalidPath, invalidValue, mutability, noTarget } from "../errors";
import { coerceValue, GROUP_RESOURCE, isPlainObject, keyOf, sameName } from "../schemas";
import { atOperation, parseOperations, type PatchOperation } from "./operations";
import { parsePatchPath, type PatchTarget } from "./path";
import type { ValueFilter } from "./value-filter";

export type MembershipChange =
  | { op: "add"; ids: string[] }
  | { op: "remove"; ids: string[] }
  | { op: "removeAll" }
  | { op: "replace"; ids: string[] };

/**
 * What a Group PATCH asks for, without loading the group: large groups must never be read and
 * rewritten whole (INTEROP.md "Groups"). Apply `membership` in order as row inserts/deletes;
 * `externalId: null` means "remove it". Member ids are not checked here: the caller decides
 * what an unknown member id means.
 */
export interface GroupPatchPlan {
  displayName?: string;
  externalId?: string | null;
  membership: MembershipChange[];
  /** Unknown keys of no-path value objects that were skipped. */
  ignored: string[];
}

type Operation = Pick<PatchOperation, "op" | "value" | "hasValue">;

export function planGroupPatch(body: unknown): GroupPatchPlan {
  const plan: GroupPatchPlan = { membership: [], ignored: [] };
  for (const operation of parseOperations(body)) {
    atOperation(operation, () => planOperation(plan, operation));
  }
  plan.ignored = [...new Set(plan.ignored)];
  return plan;
}

function planOperation(plan: GroupPatchPlan, operation: PatchOperation): void {
  if (operation.path !== undefined)
    return planTarget(plan, parsePatchPath(operation.path, GROUP_RESOURCE), operation);
  if (operation.op === "remove") throw noTarget("A remove operation needs a path (RFC 7644 §3.5.2.2)");
  if (!isPlainObject(operation.value)) {
    throw invalidValue(`An "${operation.op}" without an attribute path needs an object value`);
  }
  // Okta renames with `{"op":"replace","value":{"id":…,"displayName":…}}`: the id is ignored.
  for (const [key, value] of Object.entries(operation.value)) {
    if (["schemas", "id", "meta"].includes(key.toLowerCase())) continue;
    const target = parsePatchPath(key, GROUP_RESOURCE, true);
    if (!target?.attribute || target.attribute.mutability === "readOnly") plan.ignored.push(key);
    else planTarget(plan, target, { op: operation.op, value, hasValue: value !== undefined });
  }
}

function planTarget(plan: GroupPatchPlan, target: PatchTarget, operation: Operation): void {
  const attribute = target.attribute;
  if (!attribute) throw invalidPath(`Invalid path "${target.text}"`);
  if (attribute.mutability === "readOnly") throw mutability(`Attribute "${target.text}" is readOnly`);
  if (attribute.name === "members") return planMembers(plan, target, operation);
  if (target.sub || target.filter) throw invalidPath(`Invalid path "${target.text}"`);
  const value =
    operation.op === "remove"
      ? undefined
      : coerceValue(attribute, operation.value, attribute.name, { ignored: [] });
  if (attribute.name === "externalId") {
    plan.externalId = typeof value === "string" ? value : null;
    return;
  }
  // displayName is required (and unique) for Entra: it cannot be removed or blanked.
  if (typeof value !== "string" || value.trim() === "")
    throw invalidValue('Attribute "displayName" is required');
  plan.displayName = value;
}

function planMembers(plan: GroupPatchPlan, target: PatchTarget, operation: Operation): void {
  if (target.sub) throw invalidPath(`"${target.text}" is not supported: change members as a whole`);
  if (target.filter) {
    // Okta: `remove` on `members[value eq "id"]`. Other ops on one member have nothing to change.
    if (operation.op !== "remove")
      throw invalidPath(`"${operation.op}" on "${target.text}" is not supported`);
    const ids = memberIdsOf(target.filter);
    if (!ids)
      throw invalidFilter(`Members are selected only by value eq "…" (joined by or): "${target.text}"`);
    return push(plan, { op: "remove", ids: [...new Set(ids)] });
  }
  if (operation.op === "remove") {
    // Entra: `remove members` WITH values removes only those; without a value, all members.
    if (!operation.hasValue || operation.value === null) return push(plan, { op: "removeAll" });
    const ids = memberIds(operation.value);
    return ids.length > 0 ? push(plan, { op: "remove", ids }) : undefined;
  }
  const ids = memberIds(operation.value);
  if (operation.op === "replace") push(plan, { op: "replace", ids });
  else if (ids.length > 0) push(plan, { op: "add", ids });
}

/** Member values arrive as `[{"value":id,"$ref":null}]`, `[{"value":id,"display":…}]`, one object or ids. */
function memberIds(raw: unknown): string[] {
  const items = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const ids: string[] = [];
  for (const item of items) {
    if (item === null) continue;
    const id = isPlainObject(item) ? item[keyOf(item, "value") ?? "value"] : item;
    if (typeof id !== "string" || id.trim() === "") throw invalidValue('Each member needs a string "value"');
    ids.push(id.trim());
  }
  return [...new Set(ids)];
}

function memberIdsOf(filter: ValueFilter): string[] | undefined {
  if (filter.kind === "or") {
    const [left, right] = [memberIdsOf(filter.left), memberIdsOf(filter.right)];
    return left && right ? [...left, ...right] : undefined;
  }
  const isValueEq =
    filter.kind === "compare" && filter.operator === "eq" && sameName(filter.attribute, "value");
  return isValueEq && typeof filter.value === "string" ? [filter.value] : undefined;
}

/** Consecutive adds (or removes) merge into one change: fewer statements for the caller. */
function push(plan: GroupPatchPlan, change: MembershipChange): void {
  const last = plan.membership[plan.membership.length - 1];
  if (last && last.op === change.op && "ids" in last && "ids" in change && change.op !== "replace") {
    last.ids = [...new Set([...last.ids, ...change.ids])];
  } else plan.membership.push(change);
}
