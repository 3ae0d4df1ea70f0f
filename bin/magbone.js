#!/usr/bin/env node
// The `magbone` command; the TypeScript sources are compiled to ../dist by `npm run build` (run by `npm ci`).
import { main } from '../dist/src/cli/main.js';

// a closed pipe (`magbone … | head`) ends the output quietly instead of with a stack trace
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });

process.exitCode = await main(process.argv.slice(2));
