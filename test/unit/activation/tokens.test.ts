import { ActivationToken } from "../../../src/activation";
import { TokenStore } from "../../../src/activation/tokens";
import type { Organisation, User } from "../../../src/directory";
import { deriveKey } from "../../../src/lib";
import { createHarness, createUser, type Harness } from "./harness";

const HOUR = 3_600_000;
let h: Harness;
let org: Organisation;
let user: User;
let store: TokenStore;

beforeAll(async () => {
  h = await createHarness();
  org = await h.directory.organisations.create({ slug: "acme", name: "Acme" });
  user = await createUser(h, org, { email: "alice@example.com" });
  store = new TokenStore(deriveKey("unit-secret-unit-secret-unit-secret-0123", "activation"), h.clock);
});
afterAll(async () => h?.close());

const issue = (ttlMs = HOUR) => h.withTransaction((tx) => store.issue(tx, user, "activation", ttlMs));
const consume = (token: string, purpose: "activation" | "password_reset" = "activation", orgId = org.id) =>
  h.withTransaction((tx) => store.consume(tx, orgId, token, purpose));
const find = (token: string) => store.find(h.dataSource.manager, org.id, token, "activation");

test("a token is 256 bits of randomness, stored only as an HMAC", async () => {
  const { token, row } = await issue();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(Buffer.from(token, "base64url")).toHaveLength(32);
  const stored = await h.dataSource.getRepository(ActivationToken).findOneByOrFail({ id: row.id });
  expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(stored)).not.toContain(token);
});

test("a token works once", async () => {
  const { token } = await issue();
  expect(await find(token)).not.toBeNull();
  expect((await consume(token))?.userId).toBe(user.id);
  expect(await consume(token)).toBeNull();
  expect(await find(token)).toBeNull();
});

test("two consumes racing with one token: exactly one wins", async () => {
  for (let round = 0; round < 5; round += 1) {
    const { token } = await issue();
    const results = await Promise.all([consume(token), consume(token), consume(token)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  }
});

test("a token expires", async () => {
  const { token } = await issue(HOUR);
  h.clock.advance(HOUR + 1000);
  try {
    expect(await find(token)).toBeNull();
    expect(await consume(token)).toBeNull();
  } finally {
    h.clock.advance(-(HOUR + 1000));
  }
  // Back in time the same token still works: only the clock decided.
  expect(await consume(token)).not.toBeNull();
});

test("issuing again invalidates the earlier token of that purpose, not of another", async () => {
  const first = await issue();
  const reset = await h.withTransaction((tx) => store.issue(tx, user, "password_reset", HOUR));
  const second = await issue();
  expect(await consume(first.token)).toBeNull();
  expect(await consume(second.token)).not.toBeNull();
  expect(await consume(reset.token, "password_reset")).not.toBeNull();
});

test("a token is bound to its organisation and purpose; malformed tokens never match", async () => {
  const { token } = await issue();
  const other = await h.directory.organisations.create({ slug: "other", name: "Other" });
  expect(await consume(token, "password_reset")).toBeNull();
  expect(await consume(token, "activation", other.id)).toBeNull();
  expect(await consume(`${token}x`)).toBeNull();
  expect(await consume("")).toBeNull();
  expect(await consume(token)).not.toBeNull();
});

test("latest() prefers the live link even when two share a timestamp", async () => {
  const frozen = new Date();
  const spy = jest.spyOn(h.clock, "now").mockReturnValue(frozen);
  try {
    await issue();
    const second = await issue();
    const latest = await store.latest(h.dataSource.manager, user.id, "activation");
    expect(latest?.id).toBe(second.row.id);
    expect(latest?.revokedAt).toBeNull();
  } finally {
    spy.mockRestore();
  }
});
