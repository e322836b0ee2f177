/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from "jest";

// ESM-only packages that Jest on Node 20 cannot require(): transform them like our own sources.
const ESM_ONLY = ["jose", "openid-client", "oauth4webapi", "oidc-provider"];

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Two cores on every machine here; each worker opens its own database.
  maxWorkers: 2,
  testTimeout: 30_000,
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join("|")})/)`],
  transform: {
    "^.+\\.[cm]?[tj]s$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: "es2022",
        },
        module: { type: "commonjs" },
      },
    ],
  },
  setupFiles: ["<rootDir>/test/support/setup-env.ts"],
};

export default config;
