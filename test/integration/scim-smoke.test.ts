import { createTestApp, type TestApp } from "../support/app";
import { createScimClient, entraUser } from "../support/scim";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

test("create, find, deactivate, delete a user and a group over SCIM", async () => {
  const c = await createScimClient(t, "acme");
  const created = await c.post("/Users", entraUser("Ann@acme.test")).expect(201);
  expect(created.headers["content-type"]).toMatch(/application\/scim\+json/);
  const id = created.body.id;
  const found = await c.get('/Users?filter=userName+eq+"ann@ACME.test"').expect(200);
  expect(found.body.totalResults).toBe(1);
  await c
    .patch(`/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    })
    .expect(200);
  const group = await c
    .post("/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Sales",
      members: [{ value: id }],
    })
    .expect(201);
  expect(group.body.members).toHaveLength(1);
  await c.del(`/Users/${id}`).expect(204);
  await c.get(`/Users/${id}`).expect(404);
  const log = await t.services.scim.log.list(c.org.org.id, {});
  expect(log.total).toBeGreaterThanOrEqual(5);
});
