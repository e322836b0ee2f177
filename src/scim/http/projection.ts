/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5 / §3.9), applied to a rendered resource.
 * Names match in any case; `name.givenName` and URN-prefixed paths work; `id` and `schemas` are
 * "returned: always" and survive both.
 */
const ALWAYS = new Set(["id", "schemas"]);

export interface Projection {
  attributes?: string[][];
  excluded?: string[][];
}

/** "userName,name.givenName,urn:…:enterprise:2.0:User:department" → key paths. */
export function parseAttributeList(value: unknown): string[][] | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map(toPath);
}

function toPath(item: string): string[] {
  if (!item.toLowerCase().startsWith("urn:")) return item.split(".");
  // A bare schema URN selects the whole extension; "URN:attr.sub" splits on the last ':'.
  const colon = item.lastIndexOf(":");
  const tail = item.slice(colon + 1);
  if (/^\d/.test(tail) || /^(User|Group)$/i.test(tail)) return [item];
  return [item.slice(0, colon), ...tail.split(".")];
}

function findKey(object: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

function pickPath(source: Record<string, unknown>, target: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const key = findKey(source, head);
  if (key === undefined) return;
  const value = source[key];
  if (rest.length === 0 || value === null || typeof value !== "object") {
    target[key] = value;
    return;
  }
  if (Array.isArray(value)) {
    // emails.value → [{ value }, …]
    target[key] = value.map((element) => {
      const picked: Record<string, unknown> = {};
      if (element && typeof element === "object") pickPath(element as Record<string, unknown>, picked, rest);
      return picked;
    });
    return;
  }
  const nested = (target[key] as Record<string, unknown> | undefined) ?? {};
  pickPath(value as Record<string, unknown>, nested, rest);
  target[key] = nested;
}

function dropPath(object: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const key = findKey(object, head);
  if (key === undefined || (rest.length === 0 && ALWAYS.has(key))) return;
  if (rest.length === 0) {
    delete object[key];
    return;
  }
  const value = object[key];
  const elements = Array.isArray(value) ? value : [value];
  for (const element of elements) {
    if (element && typeof element === "object") dropPath(element as Record<string, unknown>, rest);
  }
}

export function project(resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  if (projection.attributes) {
    const out: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
    for (const path of projection.attributes) pickPath(resource, out, path);
    return out;
  }
  if (projection.excluded) {
    const out = structuredClone(resource);
    for (const path of projection.excluded) dropPath(out, path);
    return out;
  }
  return resource;
}

/** Whether a projection will drop `attribute` (so the caller can skip loading it, e.g. group members). */
export function excludes(projection: Projection, attribute: string): boolean {
  const lower = attribute.toLowerCase();
  if (projection.attributes) return !projection.attributes.some((p) => p[0]?.toLowerCase() === lower);
  return projection.excluded?.some((p) => p.length === 1 && p[0]?.toLowerCase() === lower) ?? false;
}
