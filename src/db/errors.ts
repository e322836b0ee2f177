/**
 * Recognises a unique-key violation from either driver and says which index it hit, so a
 * race lost at the database becomes the same clear error as one caught by a pre-check.
 */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string; message?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  const message = e.driverError?.message ?? e.message ?? "";
  if (code === "ER_DUP_ENTRY") {
    // MySQL: "Duplicate entry 'x' for key 'users.UQ_users_org_email'" (table prefix since 8.0)
    return /for key '(?:[^'.]+\.)?([^']+)'/.exec(message)?.[1] ?? "unknown";
  }
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    // SQLite: "UNIQUE constraint failed: users.organisationId, users.emailKey"
    return /failed: (.+)$/.exec(message)?.[1] ?? "unknown";
  }
  return undefined;
}

/** True when the violated index covers `column` (works for both drivers' descriptions). */
export function violates(index: string | undefined, hint: string): boolean {
  return index !== undefined && index.toLowerCase().includes(hint.toLowerCase());
}

/** A delete or update refused because other rows still reference the row (a foreign key). */
export function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return (
    code === "SQLITE_CONSTRAINT_FOREIGNKEY" ||
    code === "ER_ROW_IS_REFERENCED_2" ||
    code === "ER_ROW_IS_REFERENCED" ||
    code === "ER_NO_REFERENCED_ROW_2"
  );
}
