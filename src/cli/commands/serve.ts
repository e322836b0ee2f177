import type { Command } from "commander";
import { fail } from "../context";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Start the HTTP server (same as npm start)")
    .action(async () => {
      try {
        /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when the command runs */
        const { loadConfig } = require("../../config") as typeof import("../../config");
        const { start } = require("../../main") as typeof import("../../main");
        /* eslint-enable @typescript-eslint/no-require-imports */
        const { stop } = await start(loadConfig(process.env));
        for (const signal of ["SIGTERM", "SIGINT"] as const) {
          process.once(signal, () => void stop().then(() => process.exit(0)));
        }
      } catch (error) {
        fail({}, error);
      }
    });
}
