import type { Command } from "commander";
import { loadConfig } from "../../config";
import { start } from "../../main";
import { fail } from "../context";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Start the HTTP server (same as npm start)")
    .action(async () => {
      try {
        const { stop } = await start(loadConfig(process.env));
        for (const signal of ["SIGTERM", "SIGINT"] as const) {
          process.once(signal, () => void stop().then(() => process.exit(0)));
        }
      } catch (error) {
        fail({}, error);
      }
    });
}
