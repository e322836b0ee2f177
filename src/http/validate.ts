import type { z } from "zod";
import { AppError } from "../lib";

/**
 * Parses request input with a zod schema. Every issue is reported (field path + message);
 * unknown fields are refused by `.strict()` schemas, so a typo never silently does nothing.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = "body"): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => {
    const path = issue.path.join(".");
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [];
    return {
      field: keys.length ? keys.join(",") : path || where,
      code: issue.code === "unrecognized_keys" ? "request.unknown_field" : "request.invalid_field",
      detail: keys.length ? `Unknown field(s): ${keys.join(", ")}` : `${path || where}: ${issue.message}`,
    };
  });
  const [first] = errors;
  throw new AppError(first?.code ?? "request.invalid", first?.detail ?? "Invalid request", {
    status: 400,
    field: first?.field,
    extra: { errors },
  });
}
