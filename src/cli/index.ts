import { Command, CommanderError } from "commander";
import { registerAdmin } from "./commands/admin";
import { registerImport } from "./commands/import";
import { registerMigrate } from "./commands/migrate";
import { registerOidc } from "./commands/oidc";
import { registerOrg } from "./commands/org";
import { registerServe } from "./commands/serve";
import { registerTemplate } from "./commands/template";
import { registerTokens } from "./commands/tokens";
import { registerWorker } from "./commands/worker";

export function buildProgram(): Command {
  const program = new Command("admit")
    .description("Admit: the identity front door of a learning platform")
    .showHelpAfterError()
    .exitOverride();
  registerMigrate(program);
  registerOrg(program);
  registerAdmin(program);
  registerTokens(program, "api-key", "api_key");
  registerTokens(program, "scim-token", "scim");
  registerServe(program);
  registerWorker(program);
  registerTemplate(program);
  registerImport(program);
  registerOidc(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    throw error;
  }
}
