import type { Command } from "commander";
import { AppError } from "../../lib";
import { fail, output, withServices } from "../context";

export function registerAdmin(program: Command): void {
  program
    .command("admin")
    .description("Manage administrators")
    .command("create")
    .description("Create an administrator and print a one-time password (to be changed at first sign-in)")
    .requiredOption("--org <slug>", "organisation slug")
    .requiredOption("--email <email>", "the administrator's email")
    .option("--first-name <name>", "first name", "Admin")
    .option("--last-name <name>", "last name", "User")
    .option("--json", "machine-readable output")
    .action(
      async (options: {
        org: string;
        email: string;
        firstName: string;
        lastName: string;
        json?: boolean;
      }) => {
        try {
          const result = await withServices(async ({ directory, config }) => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the command runs
            const { generatePassword, hashPassword } = require("../../auth") as typeof import("../../auth");
            const org = await directory.organisations.getBySlug(options.org);
            const consoleType = (await directory.permissionTypes.list(org.id)).find((p) => p.consoleAccess);
            if (!consoleType) {
              throw new AppError(
                "directory.no_console_permission_type",
                "The organisation has no permission type with console access",
              );
            }
            const password = generatePassword();
            const user = await directory.users.create(
              org.id,
              {
                firstName: options.firstName,
                lastName: options.lastName,
                email: options.email,
                language: org.defaultLanguage,
                jobProfileId: org.defaultJobProfileId ?? "",
                departmentIds: org.defaultDepartmentId ? [org.defaultDepartmentId] : [],
                permissionTypeIds: [consoleType.id],
              },
              {
                source: "manual",
                status: "active",
                passwordHash: await hashPassword(password),
                passwordMustChange: true,
              },
            );
            return {
              id: user.id,
              email: user.email,
              oneTimePassword: password,
              loginUrl: `${config.publicUrl}/o/${org.slug}/login`,
            };
          });
          output(
            options,
            result,
            [
              `Created administrator ${result.email} (${result.id}).`,
              `One-time password: ${result.oneTimePassword}   (shown once; a new password is chosen at first sign-in)`,
              `Sign in at: ${result.loginUrl}`,
            ].join("\n"),
          );
        } catch (error) {
          fail(options, error);
        }
      },
    );
}
