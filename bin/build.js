#!/usr/bin/env node
// Precompiles the CLI into dist/ so bin/opsight.js can start without tsx: `npm run build` (npm also runs
// it on `npm ci` / `npm install` as `prepare`). `--outdir DIR` builds elsewhere (tests).
//
// Never fails the install: on any error it prints one warning line and exits 0; bin/opsight.js then
// keeps running the TypeScript sources through tsx, as it does whenever dist/ is not fresh (fresh-build.js).
import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildStamp, STAMP_FILE } from './fresh-build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Not imported by the bundle, but a change to them changes what it should be. */
const EXTRA_INPUTS = ['package.json', 'tsconfig.json', 'bin/build.js'];
/** Chunks of earlier builds are kept this long, for processes started from them that import a chunk later. */
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;

try {
  const started = Date.now();
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const outdir = resolve(values.outdir ?? join(ROOT, 'dist'));
  const written = await build(outdir, started);
  process.stderr.write(`opsight: built ${relative(process.cwd(), outdir) || '.'}/ (${written} files) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} catch (error) {
  const first = error?.errors?.[0]; // esbuild's own messages
  const where = first?.location ? `${first.location.file}:${first.location.line}: ` : '';
  const message = first ? `${where}${first.text}` : (error instanceof Error ? error.message : String(error)).split('\n')[0];
  process.stderr.write(`opsight: warning: build skipped (${message}); the CLI will run the TypeScript sources through tsx\n`);
}

async function build(outdir, started) {
  const { build: esbuild } = await import('esbuild');
  const tmp = join(outdir, `.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await esbuild({
      absWorkingDir: ROOT,
      entryPoints: ['src/cli/main.ts'],
      bundle: true,
      splitting: true, // each dynamic import() of a command is its own chunk, loaded only when used
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      keepNames: true, // errors take their name from the class (`new.target.name`)
      outdir: tmp,
      metafile: true,
      logLevel: 'silent',
    });

    const stamp = buildStamp(ROOT, tmp, [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS], { builtAtMs: started });
    const changed = Object.entries(stamp.inputs).find(([, [mtimeMs]]) => mtimeMs >= started);
    if (changed) throw new Error(`${changed[0]} changed during the build`); // or has an mtime in the future
    const outputs = Object.keys(stamp.outputs);

    // Swap in: without a stamp dist/ is not fresh, so no CLI starts from a half-moved build.
    rmSync(join(outdir, STAMP_FILE), { force: true });
    for (const file of outputs) renameSync(join(tmp, file), join(outdir, file));
    writeFileSync(join(tmp, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
    renameSync(join(tmp, STAMP_FILE), join(outdir, STAMP_FILE));
    pruneOldFiles(outdir, new Set(outputs));
    return outputs.length;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes chunks of earlier builds (esbuild names them `name-HASH8.js`) and leftovers of killed builds. */
function pruneOldFiles(outdir, outputs) {
  for (const file of readdirSync(outdir)) {
    if (outputs.has(file) || !/^([\w-]+-[A-Z0-9]{8}\.js|\.tmp-\d+)$/.test(file)) continue;
    const path = join(outdir, file);
    if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
}
