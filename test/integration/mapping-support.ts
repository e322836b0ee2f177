/** Shared by the mapping integration tests: organisations, requests and assertions. */
import request, { type Response } from "supertest";
import { Department, JobProfile, PermissionType } from "../../src/directory";
import type { MappingInput, RuleSpecInput } from "../../src/mapping";
import { createTestOrg, type TestApp, type TestOrg } from "../support/app";

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LMS = "urn:admit:params:scim:schemas:extension:lms:2.0:User";

let orgCounter = 0;
/** A fresh organisation per test, so tests never see each other's rules. */
export async function newOrg(t: TestApp): Promise<TestOrg> {
  return createTestOrg(t, `map-${++orgCounter}`);
}

export function put(t: TestApp, org: TestOrg, path: string, body: object) {
  return request(t.app)
    .put(`/api/v1/orgs/${org.org.slug}/mapping${path}`)
    .set("Authorization", `Bearer ${org.apiKey}`)
    .send(body);
}

export function expectProblem(res: Response, status: number, code: string, field?: string): void {
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect({ status: res.status, code: res.body.code, field: res.body.field }).toEqual({ status, code, field });
  expect(typeof res.body.detail).toBe("string");
}

/** Catalog sizes of an organisation: what a dry run must leave unchanged. */
export async function catalogCounts(t: TestApp, organisationId: string): Promise<number[]> {
  return Promise.all(
    [Department, JobProfile, PermissionType].map((entity) =>
      t.dataSource.getRepository(entity).countBy({ organisationId }),
    ),
  );
}

export const deptRule = (unknownPolicy: RuleSpecInput["unknownPolicy"], valueMap = {}): RuleSpecInput => ({
  target: "department",
  source: { kind: "attribute", path: "enterprise.department" },
  valueMap,
  unknownPolicy,
});

export const scimInput = (
  attributes: MappingInput["attributes"],
  groups: MappingInput["groups"] = [],
): MappingInput => ({ attributes, groups });
