import { invalidValue } from "../protocol";
import { parseAttributeList, type Projection } from "./projection";

export const MAX_RESULTS = 1000;
export const DEFAULT_COUNT = 100;

export interface ListParams {
  filter?: string;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: "ASC" | "DESC";
  projection: Projection;
}

const single = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * RFC 7644 §3.4.2.4: startIndex < 1 is treated as 1; count < 0 as 0; a count above what the
 * server allows is lowered to `maxResults` (advertised in ServiceProviderConfig), never an error.
 */
export function parseListParams(query: Record<string, unknown>): ListParams {
  const lower = Object.fromEntries(Object.entries(query).map(([k, v]) => [k.toLowerCase(), v]));
  const integer = (name: string, fallback: number): number => {
    const raw = single(lower[name.toLowerCase()]);
    if (raw === undefined || raw.trim() === "") return fallback;
    if (!/^-?\d+$/.test(raw.trim())) throw invalidValue(`${name} must be an integer`);
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : n > 0 ? Number.MAX_SAFE_INTEGER : 0;
  };
  const sortOrderRaw = single(lower.sortorder)?.toLowerCase();
  if (sortOrderRaw && sortOrderRaw !== "ascending" && sortOrderRaw !== "descending") {
    throw invalidValue('sortOrder must be "ascending" or "descending"');
  }
  return {
    filter: single(lower.filter),
    startIndex: Math.max(1, integer("startIndex", 1)),
    count: Math.min(MAX_RESULTS, Math.max(0, integer("count", DEFAULT_COUNT))),
    sortBy: single(lower.sortby),
    sortOrder: sortOrderRaw === "descending" ? "DESC" : "ASC",
    projection: projectionOf(lower),
  };
}

export function projectionOf(query: Record<string, unknown>): Projection {
  const lower = Object.fromEntries(Object.entries(query).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    attributes: parseAttributeList(lower.attributes),
    excluded: parseAttributeList(lower.excludedattributes),
  };
}

export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
