import { X509Certificate } from "node:crypto";
import type { Organisation } from "../../../src/directory";
import { generateSpKeyPair, normalizeCertificate, toPem } from "../../../src/sso/connections/certificate";
import { parseIdpMetadata } from "../../../src/sso/connections/metadata";
import { safeNext } from "../../../src/sso/http/routes";
import { secretBox } from "../../../src/sso/secrets";
import { IDP_CERT, idpMetadataXml } from "../../support/saml-idp";

const org = { slug: "acme" } as Organisation;
const PUBLIC = "https://admit.example.com";

test.each([
  ["/o/acme/account", "/o/acme/account"],
  ["/o/acme/account?tab=1", "/o/acme/account?tab=1"],
  ["https://admit.example.com/o/acme/account", "/o/acme/account"],
  ["https://evil.example/o/acme/account", undefined],
  ["//evil.example/o/acme/account", undefined],
  ["/o/acme//evil.example", undefined],
  ["/o/acme/\\evil.example", undefined],
  ["/o/other/account", undefined],
  ["/o/acme/sso/x/start", undefined],
  ["javascript:alert(1)", undefined],
])("RelayState / next %p → %p (same origin, same organisation only)", (next, expected) => {
  expect(safeNext(org, next, PUBLIC)).toBe(expected);
});

test("the self-signed SP certificate is valid X.509, signed by its own key, for ten years", () => {
  const pair = generateSpKeyPair("Admit SP test", new Date("2026-01-01T00:00:00Z"));
  const cert = new X509Certificate(toPem(pair.certificate));
  expect(cert.subject).toBe("CN=Admit SP test");
  expect(cert.verify(cert.publicKey)).toBe(true);
  expect(new Date(cert.validTo).getUTCFullYear()).toBe(2035);
  expect(pair.privateKeyPem).toContain("BEGIN PRIVATE KEY");
});

test("certificates: PEM and bare base64 both normalize; garbage is a 422", () => {
  const body = normalizeCertificate(IDP_CERT);
  expect(normalizeCertificate(body)).toBe(body);
  expect(() => normalizeCertificate("MIIBroken")).toThrow(
    expect.objectContaining({ code: "sso.invalid_certificate", status: 422 }),
  );
});

test("IdP metadata: entity id, redirect SSO URL and signing certificate", async () => {
  await expect(parseIdpMetadata(idpMetadataXml())).resolves.toEqual({
    idpEntityId: "https://idp.example.test/saml",
    ssoUrl: "https://idp.example.test/saml/sso",
    certificates: [normalizeCertificate(IDP_CERT)],
  });
});

test("sealed secrets open only for the row they were sealed for, and only with the key", () => {
  const box = secretBox(Buffer.alloc(32, 1));
  const sealed = box.seal("connection-1", "client-secret");
  expect(sealed).not.toContain("client-secret");
  expect(box.open("connection-1", sealed)).toBe("client-secret");
  expect(() => box.open("connection-2", sealed)).toThrow();
  expect(() => secretBox(Buffer.alloc(32, 2)).open("connection-1", sealed)).toThrow();
});
