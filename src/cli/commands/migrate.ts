import type { Command } from "commander";
import { fail, output, withServices } from "../context";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("Apply pending database migrations (SQLite or MySQL/MariaDB, per DATABASE_URL)")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const applied = await withServices(
          async ({ dataSource, oidc }) => {
            const migrations = await dataSource.runMigrations({ transaction: "each" });
            // The OpenID provider's first signing key, so instances never start without one.
            await oidc.keys.ensure();
            return migrations.map((m) => m.name);
          },
          { migrate: false },
        );
        output(
          options,
          { applied },
          applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.",
        );
      } catch (error) {
        fail(options, error);
      }
    });
}
