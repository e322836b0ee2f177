import { Router } from "express";
import type { Organisation } from "../directory";
import { parseInput } from "../http";
import { AppError } from "../lib";
import { describeCertificate, type ConnectionWithDomains, type Sso } from "../sso";
import { orgOf } from "./authorize";
import { ssoConnectionCreate, ssoConnectionUpdate } from "./sso-schemas";

/**
 * Wire shape of a connection: settings and the SP side (what to paste into the IdP), never a
 * secret: the client secret and the SP private key are write-only.
 */
export function ssoConnectionJson(
  sso: Sso,
  org: Organisation,
  { connection, emailDomains }: ConnectionWithDomains,
) {
  const urls = sso.login.urls(org, connection.id);
  const common = {
    id: connection.id,
    kind: connection.kind,
    name: connection.name,
    enabled: connection.enabled,
    emailDomains,
    jit: connection.jit,
    updateOnLogin: connection.updateOnLogin,
    trustEmail: connection.trustEmail,
    trustExternalId: connection.trustExternalId,
    supportContact: connection.supportContact,
    loginUrl: urls.start,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
  if (connection.kind === "oidc") {
    const s = sso.connections.oidc(connection);
    return {
      ...common,
      claims: s.claims,
      oidc: {
        issuer: s.issuer,
        clientId: s.clientId,
        clientSecretSet: !!connection.sealedSecret,
        scopes: s.scopes,
      },
      redirectUri: urls.callback,
    };
  }
  const s = sso.connections.saml(connection);
  return {
    ...common,
    claims: s.claims,
    saml: {
      idpEntityId: s.idpEntityId,
      ssoUrl: s.ssoUrl,
      certificates: s.certificates.map(describeCertificate),
      nameIdFormat: s.nameIdFormat,
      wantAssertionsSigned: s.wantAssertionsSigned,
      encryptAssertions: s.encryptAssertions,
      allowIdpInitiated: s.allowIdpInitiated,
    },
    sp: {
      entityId: urls.entityId,
      acsUrl: urls.acs,
      metadataUrl: urls.entityId,
      encryptionCertificate: s.encryptAssertions ? connection.spCertificate : null,
    },
  };
}

/** `/orgs/:org/sso/connections`: CRUD and the SP metadata download (PRODUCT.md §2). */
export function ssoConnectionRoutes(sso: Sso): Router {
  const router = Router({ mergeParams: true });
  const json = (org: Organisation, c: ConnectionWithDomains) => ssoConnectionJson(sso, org, c);

  router.get("/", async (req, res) => {
    const org = orgOf(req);
    res.json({ items: (await sso.connections.list(org.id)).map((c) => json(org, c)) });
  });
  router.post("/", async (req, res) => {
    const org = orgOf(req);
    const created = await sso.connections.create(org.id, parseInput(ssoConnectionCreate, req.body));
    res.status(201).json(json(org, created));
  });
  router.get("/:id", async (req, res) => {
    const org = orgOf(req);
    res.json(json(org, await sso.connections.get(org.id, req.params.id as string)));
  });
  router.patch("/:id", async (req, res) => {
    const org = orgOf(req);
    const input = parseInput(ssoConnectionUpdate, req.body);
    res.json(json(org, await sso.connections.update(org.id, req.params.id as string, input)));
  });
  router.delete("/:id", async (req, res) => {
    await sso.connections.delete(orgOf(req).id, req.params.id as string);
    res.status(204).end();
  });
  router.get("/:id/metadata", async (req, res) => {
    const org = orgOf(req);
    const { connection } = await sso.connections.get(org.id, req.params.id as string);
    if (connection.kind !== "saml")
      throw new AppError("sso.no_metadata", "Only SAML connections have SP metadata", { status: 404 });
    const xml = sso.login.metadataXml(org, connection);
    res
      .type("application/samlmetadata+xml")
      .setHeader("Content-Disposition", `attachment; filename="admit-sp-metadata-${connection.id}.xml"`)
      .send(xml);
  });
  return router;
}
