"use strict";
// Lets a child process started by a test (or a benchmark) run the TypeScript sources directly, compiled the way
// Jest compiles them (@swc/jest, jest.config.ts): `node -r ./scripts/swc-register.js file.ts`.
const { readFileSync } = require("node:fs");
const { transformSync } = require("@swc/core");

require.extensions[".ts"] = function compile(module, filename) {
  const { code } = transformSync(readFileSync(filename, "utf8"), {
    filename,
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: "es2022",
    },
    module: { type: "commonjs" },
    sourceMaps: "inline",
  });
  module._compile(code, filename);
};
