import request from "supertest";
import { createTestApp, createTestOrg, userBody, type TestApp } from "../support/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

test("an API key creates and reads back a user", async () => {
  const acme = await createTestOrg(t, "acme");
  const created = await acme.post("/users", userBody(acme.org)).expect(201);
  expect(created.body.email).toBe("alice@example.com");
  const read = await acme.get(`/users/${created.body.id}`).expect(200);
  expect(read.body.departments).toEqual([{ id: acme.org.defaultDepartmentId, name: "Default Department" }]);
  await request(t.app).get("/healthz").expect(200);
});
