import { Router } from "express";
import { parseInput } from "../http";
import type { WebhookDelivery, WebhookEndpoint, Webhooks } from "../webhooks";
import { orgOf } from "./authorize";
import { webhookCreate, webhookDeliveryQuery, webhookUpdate } from "./webhook-schemas";

/** Wire shape of an endpoint: never its secret (shown once, by create and rotate-secret only). */
export function webhookJson(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function webhookDeliveryJson(d: WebhookDelivery) {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    subjectId: d.subjectId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
    responseStatus: d.responseStatus,
    lastError: d.lastError,
    redeliveryOf: d.redeliveryOf,
    createdAt: d.createdAt,
    settledAt: d.settledAt,
  };
}

/** `/orgs/:org/webhooks`: endpoints, their secrets, the delivery log and redelivery. */
export function webhookRoutes(webhooks: Webhooks): Router {
  const router = Router({ mergeParams: true });
  const { endpoints, deliveries } = webhooks;
  const id = (value: unknown) => String(value);

  router.get("/", async (req, res) => {
    res.json({ items: (await endpoints.list(orgOf(req).id)).map(webhookJson) });
  });
  router.post("/", async (req, res) => {
    const created = await endpoints.create(orgOf(req).id, parseInput(webhookCreate, req.body));
    res.status(201).json({ ...webhookJson(created.endpoint), secret: created.secret });
  });
  router.get("/:id", async (req, res) => {
    res.json(webhookJson(await endpoints.get(orgOf(req).id, id(req.params.id))));
  });
  router.patch("/:id", async (req, res) => {
    const input = parseInput(webhookUpdate, req.body);
    res.json(webhookJson(await endpoints.update(orgOf(req).id, id(req.params.id), input)));
  });
  router.delete("/:id", async (req, res) => {
    await endpoints.delete(orgOf(req).id, id(req.params.id));
    res.status(204).end();
  });
  router.post("/:id/rotate-secret", async (req, res) => {
    const rotated = await endpoints.rotateSecret(orgOf(req).id, id(req.params.id));
    res.json({ ...webhookJson(rotated.endpoint), secret: rotated.secret });
  });
  router.get("/:id/deliveries", async (req, res) => {
    const query = parseInput(webhookDeliveryQuery, req.query, "query");
    const page = await deliveries.list(orgOf(req).id, id(req.params.id), query);
    res.json({ ...page, items: page.items.map(webhookDeliveryJson) });
  });
  router.get("/:id/deliveries/:deliveryId", async (req, res) => {
    const found = await deliveries.get(orgOf(req).id, id(req.params.id), id(req.params.deliveryId));
    res.json({ ...webhookDeliveryJson(found.delivery), body: found.body });
  });
  router.post("/:id/deliveries/:deliveryId/redeliver", async (req, res) => {
    const queued = await deliveries.redeliver(orgOf(req).id, id(req.params.id), id(req.params.deliveryId));
    res.status(202).json(webhookDeliveryJson(queued));
  });
  return router;
}
