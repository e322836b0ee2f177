import { ActivationToken } from "../../../src/activation";
import type { Organisation, UserSource } from "../../../src/directory";
import { createHarness, createUser, userFields, type Harness } from "./harness";

let h: Harness;
let org: Organisation;
let n = 0;
const email = () => `person${++n}@example.com`;

beforeAll(async () => {
  h = await createHarness();
  org = await h.directory.organisations.create({ slug: "acme", name: "Acme", languages: ["en", "da"] });
});
afterAll(async () => h?.close());

describe("automatic activation on creation, per source", () => {
  const SOURCES: UserSource[] = ["scim", "import", "manual", "signup", "sso"];
  const cases = SOURCES.flatMap((source) => [true, false].map((on) => ({ source, on })));

  test.each(cases)("source $source, auto-send $on", async ({ source, on }) => {
    await h.activation.settings.update(org.id, {
      autoSend: { scim: on, import: on, manual: on, signup: on },
    });
    const to = email();
    const user = await createUser(h, org, { email: to }, { source });
    const expected = on && source !== "sso";
    expect(h.outbox.for(to)).toHaveLength(expected ? 1 : 0);
    const tokens = await h.dataSource.getRepository(ActivationToken).findBy({ userId: user.id });
    expect(tokens).toHaveLength(expected ? 1 : 0);
    if (expected) expect(h.outbox.for(to)[0]).toMatchObject({ purpose: "activation", channel: "email" });
  });

  test("the default settings send only to people who signed up", async () => {
    const fresh = await h.directory.organisations.create({ slug: "fresh", name: "Fresh" });
    expect((await h.activation.settings.get(fresh.id)).autoSend).toEqual({
      scim: false,
      import: false,
      manual: false,
      signup: true,
    });
  });

  describe("with auto-send on for manual creation", () => {
    beforeAll(async () => {
      await h.activation.settings.update(org.id, { autoSend: { manual: true }, smsEnabled: false });
    });

    test("the message is enqueued in the creating transaction: rolled back, nothing is left", async () => {
      const to = email();
      const tokens = h.dataSource.getRepository(ActivationToken);
      const before = await tokens.count();
      await expect(
        h.withTransaction(async (tx) => {
          await h.directory.users.create(org.id, userFields(org, { email: to }), { source: "manual" }, tx);
          throw new Error("the caller changes its mind");
        }),
      ).rejects.toThrow("changes its mind");
      // It was enqueued (with the caller's transaction) and went down with it, with its token.
      expect(h.outbox.discarded.map((m) => m.to)).toContain(to);
      expect(h.outbox.for(to)).toEqual([]);
      expect(await tokens.count()).toBe(before);
    });

    test("an active user, or one created with a one-time password, gets nothing", async () => {
      const active = email();
      await createUser(h, org, { email: active }, { source: "manual", status: "active" });
      const withOtp = email();
      await createUser(
        h,
        org,
        { email: withOtp },
        { source: "manual", passwordHash: "x", passwordMustChange: true },
      );
      expect(h.outbox.for(active)).toEqual([]);
      expect(h.outbox.for(withOtp)).toEqual([]);
    });

    test("a user who cannot be reached gets nothing and is flagged as needing a one-time password", async () => {
      const user = await createUser(h, org, { email: null, userName: `u${++n}`, phone: "+4520123401" });
      expect(h.outbox.messages.filter((m) => m.userId === user.id)).toEqual([]);
      expect((await h.activation.status(org.id, user.id)).status).toBe("needs_one_time_password");
    });

    test("with the SMS package, a user with a phone gets an SMS even with an email", async () => {
      await h.activation.settings.update(org.id, { smsEnabled: true });
      try {
        const user = await createUser(h, org, { email: email(), phone: "+4520123402" });
        const [message] = h.outbox.messages.filter((m) => m.userId === user.id);
        expect(message).toMatchObject({ channel: "sms", to: "+4520123402", purpose: "activation" });
        expect(message?.text).toMatch(
          /^Acme: activate your account and choose a password: https:\/\/admit\.test\/o\/acme\/activate\/[A-Za-z0-9_-]{43}$/,
        );
        expect(message?.html).toBeUndefined();
      } finally {
        await h.activation.settings.update(org.id, { smsEnabled: false });
      }
    });

    test("deactivating a user ends their live link", async () => {
      const user = await createUser(h, org, { email: email() });
      await h.directory.users.setStatus(org.id, user.id, "deactivated");
      const tokens = await h.dataSource.getRepository(ActivationToken).findBy({ userId: user.id });
      expect(tokens).toHaveLength(1);
      expect(tokens[0]?.revokedAt).toBeInstanceOf(Date);
    });
  });
});
