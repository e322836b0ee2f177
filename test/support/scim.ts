import request from "supertest";
import type { TestApp } from "./app";
import { createTestOrg, type TestOrg } from "./app";

export interface ScimClient {
  org: TestOrg;
  token: string;
  get(path: string): request.Test;
  post(path: string, body: unknown): request.Test;
  put(path: string, body: unknown): request.Test;
  patch(path: string, body: unknown): request.Test;
  del(path: string): request.Test;
}

/** An organisation with a SCIM token, and a client speaking to /scim/v2 with it. */
export async function createScimClient(t: TestApp, slug: string): Promise<ScimClient> {
  const org = await createTestOrg(t, slug);
  const { secret } = await t.services.auth.tokens.issue(org.org.id, "scim", "tests");
  const auth = (r: request.Test) => r.set("Authorization", `Bearer ${secret}`);
  const json = (r: request.Test, body: unknown) =>
    auth(r).set("Content-Type", "application/scim+json").send(JSON.stringify(body));
  return {
    org,
    token: secret,
    get: (path) => auth(request(t.app).get(`/scim/v2${path}`)),
    post: (path, body) => json(request(t.app).post(`/scim/v2${path}`), body),
    put: (path, body) => json(request(t.app).put(`/scim/v2${path}`), body),
    patch: (path, body) => json(request(t.app).patch(`/scim/v2${path}`), body),
    del: (path) => auth(request(t.app).delete(`/scim/v2${path}`)),
  };
}

/** The body Entra ID sends to create a user (INTEROP.md "Create"). */
export function entraUser(userName: string, overrides: Record<string, unknown> = {}) {
  return {
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ],
    externalId: userName.split("@")[0],
    userName,
    active: true,
    emails: [{ primary: true, type: "work", value: userName }],
    meta: { resourceType: "User" },
    name: { formatted: "Test User", familyName: "User", givenName: "Test" },
    roles: [],
    ...overrides,
  };
}

/** URNs the SCIM tests assert on (RFC 7643/7644). */
export const URN = {
  PATCH_OP: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  ERROR: "urn:ietf:params:scim:api:messages:2.0:Error",
  LIST: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  CORE_USER: "urn:ietf:params:scim:schemas:core:2.0:User",
  CORE_GROUP: "urn:ietf:params:scim:schemas:core:2.0:Group",
  ENTERPRISE: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
} as const;

export type Json = Record<string, unknown>;
export type Resource = Json & { id: string };

/** A PatchOp request body (RFC 7644 §3.5.2). */
export const patchBody = (...operations: Json[]) => ({ schemas: [URN.PATCH_OP], Operations: operations });
