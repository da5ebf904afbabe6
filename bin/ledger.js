#!/usr/bin/env node
// The `ledger` command for operators and auditors (built into dist/ by `npm run build`).
require('../dist/apps/cli/src/main.js');
