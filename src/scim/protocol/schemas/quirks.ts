import { invalidValue } from "../errors";

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The entry of `object` whose key equals `name` in any case (RFC 7643 §2.1). */
export function keyOf(object: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/**
 * Manager arrives as a bare id (Entra), `{"value": id}`, or `[{"$ref": …, "value": id}]`;
 * `""`/`null`/`[]` mean "no manager". Always rendered `{"value": id}` (INTEROP.md "PATCH", Manager).
 */
export function coerceManager(raw: unknown, path: string): { value: string } | undefined {
  let candidate = Array.isArray(raw) ? raw.find((item) => item !== null && item !== undefined) : raw;
  if (isPlainObject(candidate)) {
    const key = keyOf(candidate, "value");
    candidate = key === undefined ? undefined : candidate[key];
  }
  if (candidate === undefined || candidate === null) return undefined;
  if (typeof candidate !== "string") throw invalidValue(`Attribute "${path}" must be a manager id`);
  const value = candidate.trim();
  return value === "" ? undefined : { value };
}

function parseJsonObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || !text.trimStart().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const scalar = (value: unknown): unknown => (typeof value === "number" ? String(value) : value);

/**
 * Entra's AppRoleAssignmentsComplex sends PATCH role values as JSON text,
 * `{"value": "{\"id\":\"…\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}`, and names RFC
 * `display` `displayName` on create (MicrosoftDocs/entra-docs#215; learn.microsoft.com
 * "customize-application-attribute-mappings"). Returns a plain role object for normal coercion.
 */
export function decodeRole(item: unknown): unknown {
  const parsedItem = parseJsonObject(item);
  const role = parsedItem ?? (typeof item === "string" ? { value: item } : item);
  if (!isPlainObject(role)) return role;
  const out: Record<string, unknown> = { ...role };
  const displayNameKey = keyOf(out, "displayName");
  if (displayNameKey !== undefined) {
    if (keyOf(out, "display") === undefined) out.display = out[displayNameKey];
    delete out[displayNameKey];
  }
  const valueKey = keyOf(out, "value");
  const inner = valueKey === undefined ? undefined : parseJsonObject(out[valueKey]);
  if (valueKey !== undefined && inner) {
    delete out[valueKey];
    const innerValue = inner[keyOf(inner, "value") ?? "value"] ?? inner[keyOf(inner, "id") ?? "id"];
    out.value = scalar(innerValue);
    const innerDisplay = inner[keyOf(inner, "displayName") ?? keyOf(inner, "display") ?? "displayName"];
    if (keyOf(out, "display") === undefined && innerDisplay !== undefined) out.display = scalar(innerDisplay);
  }
  return out;
}
