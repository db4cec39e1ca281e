#!/usr/bin/env node
// Runs the CLI precompiled in dist/ (bin/build.js, run by `npm ci`) when that build is up to date with
// its sources, else the TypeScript sources through tsx. OPSIGHT_NO_BUILD=1 always uses tsx.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild } from './fresh-build.js';

const noBuild = Boolean(process.env.OPSIGHT_NO_BUILD) && process.env.OPSIGHT_NO_BUILD !== '0';
const built = noBuild ? undefined : freshBuild(fileURLToPath(new URL('..', import.meta.url)));
let runCli;
if (built) {
  ({ runCli } = await import(pathToFileURL(built).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`opsight: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
}
