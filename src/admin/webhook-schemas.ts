import { z } from "zod";

// Shapes only; the webhooks service checks meaning (https in production, known event types).
const url = z.string().trim().min(1).max(2048);
const description = z.string().max(500).nullable();
const events = z.array(z.string().min(1).max(40)).min(1).max(20);

export const webhookCreate = z
  .object({ url, description: description.optional(), events, enabled: z.boolean().optional() })
  .strict();

export const webhookUpdate = z
  .object({
    url: url.optional(),
    description: description.optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const webhookDeliveryQuery = z
  .object({
    status: z.enum(["pending", "delivered", "failed"]).optional(),
    eventType: z.string().min(1).max(40).optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
