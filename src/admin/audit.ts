import type { NextFunction, Request, Response } from "express";
import type { AuditActor, AuditLog } from "../audit";
import type { Directory } from "../directory";
import type { Actor } from "./authorize";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `users`, `departments`, `scim-tokens`… → the audit log's target types. */
const TARGETS: Record<string, string> = {
  users: "user",
  departments: "department",
  "job-profiles": "job_profile",
  "permission-types": "permission_type",
  "scim-tokens": "scim_token",
  communication: "communication",
  signup: "signup",
  mapping: "mapping",
  sso: "sso_connection",
};

/**
 * Every successful write through the admin API (2xx on POST/PUT/PATCH/DELETE) becomes an audit
 * event: who (the API key's name, or the signed-in administrator), what (method and route with
 * ids masked), to what (the first id in the path). Written when the response has been sent — the
 * route handlers own their transactions — and a failure to write it is logged, never hidden.
 * Bodies are never copied (they may hold passwords or secrets).
 */
export function auditAdminWrites(audit: AuditLog, directory: Directory) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!UNSAFE.has(req.method)) return next();
    res.on("finish", () => {
      if (res.statusCode < 200 || res.statusCode >= 300 || !req.org || !req.actor) return;
      const organisationId = req.org.id;
      const path = (req.originalUrl.split("?")[0] ?? "").replace(/^\/api\/v1\/orgs\/[^/]+/, "") || "/";
      const segments = path.split("/").filter(Boolean);
      const targetId = segments.find((s) => ID.test(s)) ?? null;
      const masked = segments.map((s) => (ID.test(s) ? ":id" : s)).join("/");
      void actorOf(req.actor, organisationId, directory).then((actor) =>
        audit.recordAfter(organisationId, {
          actor,
          action: `api ${req.method} /${masked}`,
          target: {
            type: TARGETS[segments[0] ?? ""] ?? (segments[0] ? segments[0].slice(0, 32) : "organisation"),
            id: targetId,
            label: targetId ?? (segments[0] ? `/${segments.join("/")}` : (req.org?.name ?? "")),
          },
          summary: `${req.method} ${path} → ${res.statusCode} (admin API)`,
        }),
      );
    });
    next();
  };
}

async function actorOf(actor: Actor, organisationId: string, directory: Directory): Promise<AuditActor> {
  if (actor.kind === "api_key") return { kind: "api_key", id: actor.tokenId, label: actor.name };
  const user = await directory.users.view(organisationId, actor.userId).catch(() => undefined);
  const label = user
    ? `${user.firstName} ${user.lastName} (${user.email ?? user.userName ?? user.id})`
    : actor.userId;
  return { kind: "user", id: actor.userId, label };
}
