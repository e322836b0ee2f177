import { invalidPath, invalidSyntax, invalidValue, isScimError, ScimError } from "../errors";
import { isPlainObject, keyOf } from "../schemas";

export type PatchOp = "add" | "replace" | "remove";

export interface PatchOperation {
  op: PatchOp;
  /** Absent, `null` and `""` all mean "no path" (the resource itself). */
  path?: string;
  value: unknown;
  hasValue: boolean;
  /** 1-based position, for error details. */
  position: number;
}

/**
 * Upper bound on operations per PATCH. RFC 7644 has no PATCH limit nor a fitting scimType
 * (`tooMany` is about filter results, §3.4.2.2), so exceeding it is `400 invalidValue`.
 */
export const MAX_OPERATIONS = 1000;

const OPS: readonly PatchOp[] = ["add", "replace", "remove"];

/**
 * RFC 7644 §3.5.2 PatchOp body → operations. Key `Operations`/`operations` and `op` values match in
 * any case (Entra sends `Add`/`Replace`/`Remove`; INTEROP.md "PATCH"). The `schemas` member is not
 * checked: its absence is harmless and some clients get it wrong.
 */
export function parseOperations(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) throw invalidSyntax("The PATCH body must be a JSON object");
  const key = keyOf(body, "Operations");
  const list = key === undefined ? undefined : body[key];
  if (!Array.isArray(list)) throw invalidSyntax('The PATCH body must contain an "Operations" array');
  if (list.length === 0) throw invalidSyntax('"Operations" must contain at least one operation');
  if (list.length > MAX_OPERATIONS) {
    throw invalidValue(`At most ${MAX_OPERATIONS} operations are accepted per PATCH request`);
  }
  return list.map((raw, index) => parseOperation(raw, index + 1));
}

function parseOperation(raw: unknown, position: number): PatchOperation {
  if (!isPlainObject(raw)) throw invalidSyntax(`Operation ${position} must be a JSON object`);
  const field = (name: string): unknown => {
    const key = keyOf(raw, name);
    return key === undefined ? undefined : raw[key];
  };
  const opText = field("op");
  const op = typeof opText === "string" ? OPS.find((name) => name === opText.toLowerCase()) : undefined;
  if (op === undefined) {
    throw invalidSyntax(
      `Operation ${position}: "op" must be add, replace or remove, not ${JSON.stringify(opText)}`,
    );
  }
  const path = field("path");
  if (path !== undefined && path !== null && typeof path !== "string") {
    throw invalidPath(`Operation ${position}: "path" must be a string`);
  }
  const valueKey = keyOf(raw, "value");
  const operation: PatchOperation = {
    op,
    value: valueKey === undefined ? undefined : raw[valueKey],
    hasValue: valueKey !== undefined && raw[valueKey] !== undefined,
    position,
  };
  if (typeof path === "string" && path.trim() !== "") operation.path = path.trim();
  if (op !== "remove" && !operation.hasValue) {
    throw invalidValue(`Operation ${position}: "${op}" needs a "value"`);
  }
  return operation;
}

/** Prefixes a ScimError's detail with the operation it came from. */
export function atOperation<T>(operation: PatchOperation, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!isScimError(error)) throw error;
    throw new ScimError(error.status, `Operation ${operation.position}: ${error.detail}`, error.scimType);
  }
}
