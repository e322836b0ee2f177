import { noTarget } from "../errors";
import {
  coerceElement,
  coerceValue,
  decodeRole,
  isPlainObject,
  keepOnePrimary,
  ROLES,
  type CoerceContext,
} from "../schemas";
import { prune, writeList } from "./multi-valued";
import type { PatchOperation } from "./operations";
import type { PatchTarget } from "./path";
import { equalityTerms, matchValueFilter } from "./value-filter";

export type Element = Record<string, unknown>;
export type Operation = Pick<PatchOperation, "op" | "value" | "hasValue">;

/** `name.givenName` (single-valued parent) or `emails.value` (every element of a list). */
export function applySub(
  container: Element,
  target: PatchTarget,
  operation: Operation,
  context: CoerceContext,
) {
  const { attribute, sub } = target as Required<Pick<PatchTarget, "attribute" | "sub">>;
  const value =
    operation.op === "remove" ? undefined : coerceValue(sub, operation.value, target.text, context);
  const update = (element: Element): Element => {
    const next = { ...element };
    if (value === undefined) delete next[sub.name];
    else next[sub.name] = value;
    return next;
  };
  const current = container[attribute.name];
  if (attribute.multiValued) {
    const list = Array.isArray(current) ? (current as Element[]) : [];
    const next = list.length === 0 && value !== undefined ? [update({})] : prune(list.map(update));
    writeList(container, attribute.name, next);
    return;
  }
  const next = update(isPlainObject(current) ? current : {});
  if (Object.keys(next).length === 0) delete container[attribute.name];
  else container[attribute.name] = next;
}

/** `emails[type eq "work"].value`, `members[value eq "x"]`, `manager[value eq "id"]`. */
export function applyFiltered(
  container: Element,
  target: PatchTarget,
  operation: Operation,
  context: CoerceContext,
) {
  const { attribute, filter, sub } = target as Required<Pick<PatchTarget, "attribute" | "filter">> &
    PatchTarget;
  const subs = attribute.subAttributes;
  const current = container[attribute.name];
  const list = (
    attribute.multiValued ? (Array.isArray(current) ? current : []) : current ? [current] : []
  ) as Element[];
  const matched = new Set(
    list.flatMap((element, index) => (matchValueFilter(filter, element, subs) ? [index] : [])),
  );
  const store = (next: Element[]): void => {
    if (attribute.multiValued) writeList(container, attribute.name, prune(next));
    else if (next[0] && Object.keys(next[0]).length > 0) container[attribute.name] = next[0];
    else delete container[attribute.name];
  };

  let update: Element | undefined;
  if (operation.op !== "remove") {
    update = sub
      ? subUpdate(target, operation.value, context)
      : coerceElement(attribute, operation.value, target.text, context);
  }
  // Remove (its `value`, if any, is ignored: it removes, never sets) or a write of null.
  if (update === undefined) {
    const without = (element: Element): Element => {
      const next = { ...element };
      if (sub) delete next[sub.name];
      return next;
    };
    store(
      sub ? list.map((e, i) => (matched.has(i) ? without(e) : e)) : list.filter((_, i) => !matched.has(i)),
    );
    return;
  }
  const next = [...list];
  let written = [...matched];
  if (matched.size === 0) {
    // Entra relies on a write to a missing `emails[type eq "work"].value` creating the element.
    const terms = equalityTerms(filter, subs);
    if (!terms || !attribute.multiValued) throw noTarget(`No value matches "${target.text}"`);
    written = [next.push({ ...terms, ...update }) - 1];
  } else {
    for (const index of matched) next[index] = { ...next[index], ...update };
  }
  // The value just written keeps `primary` (RFC 7643 §2.4: at most one primary).
  const winner = written.find((index) => next[index]?.primary === true);
  store(attribute.multiValued ? keepOnePrimary(next, winner) : next);
}

function subUpdate(target: PatchTarget, raw: unknown, context: CoerceContext): Element | undefined {
  const sub = target.sub as NonNullable<PatchTarget["sub"]>;
  const value = coerceValue(sub, raw, target.text, context);
  if (value === undefined) return undefined;
  // `roles[primary eq "True"].value` may carry Entra's JSON-encoded role as well.
  if (target.attribute === ROLES && sub.name === "value") {
    return coerceElement(ROLES, decodeRole({ value }), target.text, context);
  }
  return { [sub.name]: value };
}
