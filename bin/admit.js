#!/usr/bin/env node
"use strict";
// The `admit` command. Runs the compiled CLI (npm install builds it; see "prepare").
require("../dist/cli/index.js").main(process.argv);
