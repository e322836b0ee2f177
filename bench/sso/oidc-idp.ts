/**
 * The benchmark's OpenID provider in a process of its own, so its CPU time is not counted as
 * Admit's. Prints {issuer, clientId, clientSecret} as one JSON line, then reads the redirect URI
 * to register from stdin and prints "ready".
 */
import { createInterface } from "node:readline";
import { startOidcIdp } from "../../test/support/oidc-idp";

async function main() {
  const idp = await startOidcIdp();
  for (let i = 0; i < 100; i++)
    idp.accounts.set(`user-${i}`, {
      email: `user-${i}@bench.example`,
      email_verified: true,
      given_name: "Bench",
      family_name: `User ${i}`,
      job_title: "Staff Nurse",
      department: "Cardiology",
      groups: ["lms-managers"],
    });
  const { issuer, clientId, clientSecret } = idp;
  process.stdout.write(`${JSON.stringify({ issuer, clientId, clientSecret })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    idp.register([line.trim()]);
    process.stdout.write("ready\n");
  }
  await idp.close();
}

void main();
