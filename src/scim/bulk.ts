import type { ScimApi } from "./api";
import { BULK_MAX_OPERATIONS } from "./discovery";
import { scimErrorBody, scimErrorOf } from "./http/errors";
import { invalidSyntax, invalidValue, ScimError } from "./protocol";

const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

interface BulkOperation {
  method: string;
  bulkId?: string;
  path: string;
  data?: unknown;
  version?: string;
}

/**
 * RFC 7644 §3.7: operations run in order, each on its own; `bulkId:x` anywhere in a later
 * operation's data or path means the id created by the operation with bulkId x; `failOnErrors`
 * stops after that many errors.
 */
export async function runBulk(api: ScimApi, organisationId: string, body: unknown) {
  const request = parseBulk(body);
  const created = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;
  for (const operation of request.operations) {
    if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    const method = operation.method.toUpperCase();
    try {
      const path = substitute(operation.path, created) as string;
      const data = substitute(operation.data, created);
      const result = await api.dispatch(organisationId, method, path, data, {}, operation.version);
      if (operation.bulkId && result.resourceId && method === "POST")
        created.set(operation.bulkId, result.resourceId);
      results.push({
        method,
        ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
        ...(result.location ? { location: result.location } : {}),
        ...(result.etag ? { version: result.etag } : {}),
        status: String(result.status),
      });
    } catch (error) {
      errors += 1;
      const { status, scimType, detail } = scimErrorOf(error);
      results.push({
        method,
        ...(operation.bulkId ? { bulkId: operation.bulkId } : {}),
        status: String(status),
        response: scimErrorBody(status, detail, scimType),
      });
    }
  }
  return { schemas: [BULK_RESPONSE], Operations: results };
}

function parseBulk(body: unknown): { failOnErrors?: number; operations: BulkOperation[] } {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalidSyntax("A BulkRequest object is required");
  const b = body as Record<string, unknown>;
  const schemas = b.schemas;
  if (
    Array.isArray(schemas) &&
    !schemas.some((s) => typeof s === "string" && s.toLowerCase() === BULK_REQUEST.toLowerCase())
  ) {
    throw invalidSyntax(`schemas must contain ${BULK_REQUEST}`);
  }
  const key = Object.keys(b).find((k) => k.toLowerCase() === "operations");
  const operations = key ? b[key] : undefined;
  if (!Array.isArray(operations)) throw invalidSyntax("Operations must be an array");
  if (operations.length > BULK_MAX_OPERATIONS) {
    throw new ScimError(413, `At most ${BULK_MAX_OPERATIONS} operations per Bulk request`);
  }
  const failOnErrors = b.failOnErrors;
  if (
    failOnErrors !== undefined &&
    (typeof failOnErrors !== "number" || !Number.isInteger(failOnErrors) || failOnErrors < 1)
  ) {
    throw invalidValue("failOnErrors must be a positive integer");
  }
  return {
    failOnErrors: failOnErrors as number | undefined,
    operations: operations.map((op, i) => {
      if (!op || typeof op !== "object") throw invalidSyntax(`Operation ${i + 1} is not an object`);
      const o = op as Record<string, unknown>;
      if (typeof o.method !== "string" || !/^(POST|PUT|PATCH|DELETE)$/i.test(o.method)) {
        throw invalidSyntax(`Operation ${i + 1}: method must be POST, PUT, PATCH or DELETE`);
      }
      if (typeof o.path !== "string") throw invalidSyntax(`Operation ${i + 1}: path is required`);
      if (/^post$/i.test(o.method) && typeof o.bulkId !== "string") {
        throw invalidSyntax(`Operation ${i + 1}: a POST needs a bulkId`);
      }
      return {
        method: o.method,
        path: o.path,
        bulkId: typeof o.bulkId === "string" ? o.bulkId : undefined,
        data: o.data,
        version: typeof o.version === "string" ? o.version : undefined,
      };
    }),
  };
}

function substitute(value: unknown, created: Map<string, string>): unknown {
  if (typeof value === "string") {
    return value.replace(/bulkId:([A-Za-z0-9._~-]+)/g, (_all, id: string) => {
      const resolved = created.get(id);
      if (!resolved)
        throw invalidValue(`bulkId:${id} does not refer to a resource created earlier in this request`);
      return resolved;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, created));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, created)]));
  }
  return value;
}
