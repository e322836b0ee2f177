import { Router } from "express";
import type { Activation } from "../activation";
import { parseInput } from "../http";
import { orgOf } from "./authorize";
import { activationBulk, communicationUpdate, oneTimePasswordGrant, templatePut } from "./activation-schemas";

/** `/orgs/:org/users/…`: sending activation, its status per user, one-time passwords. */
export function activationUserRoutes(activation: Activation): Router {
  const router = Router({ mergeParams: true });

  router.post("/activation", async (req, res) => {
    const filter = parseInput(activationBulk, req.body);
    res.json(await activation.sendMany(orgOf(req).id, filter));
  });
  router.get("/:id/activation", async (req, res) => {
    res.json(await activation.status(orgOf(req).id, req.params.id as string));
  });
  // Send or resend: the earlier link stops working. 202: the message waits in the outbox.
  router.post("/:id/activation", async (req, res) => {
    const org = orgOf(req);
    const sent = await activation.send(org.id, req.params.id as string);
    res
      .status(202)
      .json({ ...(await activation.status(org.id, req.params.id as string)), expiresAt: sent.expiresAt });
  });
  router.post("/:id/one-time-password", async (req, res) => {
    const input = parseInput(oneTimePasswordGrant, req.body ?? {});
    const grant = await activation.grantOneTimePassword(orgOf(req).id, req.params.id as string, input);
    res.setHeader("Cache-Control", "no-store");
    res.json(grant);
  });
  return router;
}

/** `/orgs/:org/communication`: the organisation's communication settings and message templates. */
export function communicationRoutes(activation: Activation): Router {
  const router = Router({ mergeParams: true });

  router.get("/", async (req, res) => {
    res.json(await activation.settings.get(orgOf(req).id));
  });
  router.put("/", async (req, res) => {
    const input = parseInput(communicationUpdate, req.body);
    res.json(await activation.settings.update(orgOf(req).id, input));
  });
  router.get("/templates/:purpose/:language", async (req, res) => {
    const { purpose, language } = req.params as { purpose: string; language: string };
    res.json(await activation.getTemplate(orgOf(req), purpose, language));
  });
  router.put("/templates/:purpose/:language", async (req, res) => {
    const { purpose, language } = req.params as { purpose: string; language: string };
    const input = parseInput(templatePut, req.body);
    res.json(await activation.putTemplate(orgOf(req), purpose, language, input));
  });
  return router;
}
