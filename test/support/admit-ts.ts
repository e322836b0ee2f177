// The `admit` CLI run from the TypeScript sources (node -r ./scripts/swc-register.js test/support/admit-ts.ts …),
// so a test needs no compiled dist/.
import { main } from "../../src/cli";

void main(process.argv);
