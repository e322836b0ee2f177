import type { Request } from "express";
import type { EntityManager } from "typeorm";
import type { AuditActor, AuditEntry } from "../audit";
import type { ConsoleDeps } from "./deps";

/** The signed-in administrator as an audit actor; the label is kept as it was at the time. */
export function consoleActor(req: Request): AuditActor {
  const user = req.consoleUser;
  if (!user) return { kind: "system", id: null, label: "console" };
  const name = `${user.firstName} ${user.lastName}`.trim();
  const who = user.email ?? user.userName;
  return { kind: "user", id: user.id, label: who ? `${name} (${who})` : name };
}

/**
 * Records a console write that has just succeeded. The services own their transactions, so the
 * row follows the commit; a failure to write it is logged, never shown as a failed change.
 */
export function audited(deps: ConsoleDeps, req: Request, entry: Omit<AuditEntry, "actor">): Promise<void> {
  return deps.audit.recordAfter(req.org?.id ?? "", { ...entry, actor: consoleActor(req) });
}

/**
 * A console write and its audit row in ONE transaction (the service is handed the caller's
 * transaction — never a nested one): either both commit or neither. Without a transaction runner
 * the row follows the commit, as `audited`.
 */
export async function auditedWrite<T>(
  deps: ConsoleDeps,
  req: Request,
  work: (tx: EntityManager | undefined) => Promise<T>,
  entry: (result: T) => Omit<AuditEntry, "actor">,
): Promise<T> {
  const organisationId = req.org?.id ?? "";
  if (!deps.withTransaction) {
    const result = await work(undefined);
    await audited(deps, req, entry(result));
    return result;
  }
  return deps.withTransaction(async (tx) => {
    const result = await work(tx);
    await deps.audit.record(organisationId, { ...entry(result), actor: consoleActor(req) }, tx);
    return result;
  });
}
