import { z } from "zod";
import { ROW_STATUSES } from "../import";

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const importQuery = z.object({ dryRun: flag.optional() }).strict();

export const importJobQuery = z
  .object({
    status: z.enum(ROW_STATUSES).optional(),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
