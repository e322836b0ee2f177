import { generatePassword, hashPassword } from "./auth";
import type { Directory } from "./directory";

export interface DemoSeed {
  slug: string;
  adminEmail: string;
  adminPassword: string;
}

/**
 * First run of the embedded mode: a `demo` organisation with sample departments, job profiles
 * and permission types, and an administrator whose password is returned once (to print).
 * Returns undefined when the organisation already exists: a second start reuses the data.
 */
export async function seedDemo(directory: Directory): Promise<DemoSeed | undefined> {
  if (await directory.organisations.findBySlug("demo")) return undefined;
  const org = await directory.organisations.create({
    slug: "demo",
    name: "Demo Hospital",
    defaultLanguage: "en",
    languages: ["en", "da"],
  });
  const departments = await Promise.all(
    ["Emergency", "Surgery", "Administration"].map((name) => directory.departments.create(org.id, { name })),
  );
  for (const name of ["Nurse", "Doctor", "Office staff"])
    await directory.jobProfiles.create(org.id, { name });
  await directory.permissionTypes.create(org.id, { name: "Manager" });
  const administrator = (await directory.permissionTypes.list(org.id)).find((p) => p.consoleAccess);
  const password = generatePassword();
  await directory.users.create(
    org.id,
    {
      firstName: "Ada",
      lastName: "Admin",
      email: "admin@demo.example",
      language: "en",
      jobProfileId: org.defaultJobProfileId as string,
      departmentIds: [(departments[2] ?? departments[0])?.id as string],
      permissionTypeIds: [administrator?.id as string],
    },
    { source: "manual", status: "active", passwordHash: await hashPassword(password) },
  );
  return { slug: org.slug, adminEmail: "admin@demo.example", adminPassword: password };
}
