import { z } from "zod";

const id = z.string().min(1).max(36);

/** `POST /users/activation`: whom to send to (pending users only, optionally of one department). */
export const activationBulk = z
  .object({ status: z.literal("pending"), departmentId: id.optional() })
  .strict();

export const oneTimePasswordGrant = z
  .object({
    /** Typed by the administrator; generated when absent. */
    password: z.string().max(256).optional(),
    /** Also send it by email or SMS (the routing rule). */
    send: z.boolean().optional(),
  })
  .strict();

const flag = z.boolean().optional();

/** Partial: fields left out keep their value. */
export const communicationUpdate = z
  .object({
    autoSend: z.object({ scim: flag, import: flag, manual: flag, signup: flag }).strict().optional(),
    smsEnabled: z.boolean().optional(),
    senderName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^\r\n<>"]*$/, 'must be one line without <, > or "')
      .nullable()
      .optional(),
    replyTo: z.email().max(320).nullable().optional(),
    linkLifetimeHours: z.number().int().min(1).max(720).optional(),
    oneTimePasswordLifetimeHours: z.number().int().min(1).max(720).optional(),
  })
  .strict();

export const templatePut = z
  .object({
    subject: z.string().trim().min(1).max(200),
    html: z.string().trim().min(1).max(50_000),
    text: z.string().trim().min(1).max(20_000),
    sms: z.string().trim().min(1).max(1_000),
  })
  .strict();
