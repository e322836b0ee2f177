#!/usr/bin/env node
"use strict";
// Writes config/example.env from the documented settings (src/config/schema.ts).
const { writeFileSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");
const { renderExampleEnv } = require("../dist/config");
mkdirSync(join(__dirname, "..", "config"), { recursive: true });
writeFileSync(join(__dirname, "..", "config", "example.env"), renderExampleEnv());
console.log("wrote config/example.env");
