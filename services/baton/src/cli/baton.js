#!/usr/bin/env node
'use strict';
// The `baton` command: registers the SWC TypeScript loader (as `npm start` does) and runs the CLI.
const path = require('node:path');
const root = path.resolve(__dirname, '../../../..');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.base.json');
require('@swc-node/register');
require('./main.ts');
