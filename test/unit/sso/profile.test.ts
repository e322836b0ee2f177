import { profileOf } from "../../../src/sso/accounts/profile";
import { claimsOf } from "../../../src/sso/oidc/claims";

describe("claims → person and mapping input", () => {
  test("Entra's default SAML claim URIs are recognised without configuration", () => {
    const profile = profileOf(
      {
        subject: "obj-1",
        claims: {
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": ["Ann@Acme.com"],
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname": ["Ann"],
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": ["Andersen"],
          "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups": ["g1", "g2"],
        },
      },
      {},
    );
    expect(profile).toMatchObject({
      subject: "obj-1",
      email: "ann@acme.com",
      firstName: "Ann",
      lastName: "Andersen",
    });
    expect(profile.mapping.groups).toEqual([
      { displayName: "g1", externalId: "g1" },
      { displayName: "g2", externalId: "g2" },
    ]);
  });

  test("configured names win; title, department, language feed the engine; every claim is claims.<name>", () => {
    const profile = profileOf(
      {
        subject: "s",
        claims: {
          jobtitle: ["Nurse"],
          dept: ["Cardiology"],
          lang: ["da"],
          title: ["ignored"],
          multi: ["a", "b"],
        },
      },
      { title: "jobtitle", department: "dept", language: "lang" },
    );
    expect(profile.mapping.attributes).toMatchObject({
      title: "Nurse",
      "enterprise.department": "Cardiology",
      preferredLanguage: "da",
      "claims.jobtitle": "Nurse",
      "claims.title": "ignored",
      "claims.multi": ["a", "b"],
    });
  });

  test("blank values count as missing", () => {
    expect(profileOf({ subject: "s", claims: { email: ["  "], mail: ["x@y.example"] } }, {}).email).toBe(
      "x@y.example",
    );
  });
});

describe("OIDC claims", () => {
  test("ID token claims win over userinfo; email_verified as a boolean, also when a string", () => {
    const identity = claimsOf(
      { sub: "abc", email: "a@x.example" },
      { sub: "abc", email: "b@x.example", email_verified: "false", groups: ["g"] },
    );
    expect(identity).toEqual({
      subject: "abc",
      claims: { sub: ["abc"], email: ["a@x.example"], email_verified: ["false"], groups: ["g"] },
      emailVerified: false,
    });
    expect(claimsOf({ sub: "abc" }, {}).emailVerified).toBeUndefined();
  });
});
