// Is the precompiled CLI in dist/ (bin/build.js) up to date with its sources?
//
// bin/build.js writes `<outdir>/.build-stamp.json` listing every file the bundle was made from (each
// module esbuild read, from src/ and tools/, plus package.json, tsconfig.json and bin/build.js) with its
// mtime and size, and every file it wrote with its size. The build is fresh only when each input still
// has exactly that mtime and size (an edit, a checkout, a deletion, or a copy that restores an older
// mtime all change it) and each output is still there. A missing or unreadable stamp means "not fresh".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP_FILE = '.build-stamp.json';

/** The path of the built entry (`<outdir>/main.js`) when it is fresh, else undefined. */
export function freshBuild(root, outdir = join(root, 'dist')) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(outdir, STAMP_FILE), 'utf8'));
    for (const [file, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
      const now = statSync(join(root, file), { throwIfNoEntry: false });
      if (now?.mtimeMs !== mtimeMs || now.size !== size) return undefined;
    }
    for (const [file, size] of Object.entries(stamp.outputs)) {
      if (statSync(join(outdir, file), { throwIfNoEntry: false })?.size !== size) return undefined;
    }
  } catch {
    return undefined;
  }
  return join(outdir, stamp.entry);
}

/** The stamp of a build whose files are in `outdir`, made from `inputs` (paths relative to `root`). */
export function buildStamp(root, outdir, inputs, { entry = 'main.js', builtAtMs = Date.now() } = {}) {
  return {
    builtAt: new Date(builtAtMs).toISOString(),
    entry,
    inputs: Object.fromEntries(inputs.map((file) => {
      const { mtimeMs, size } = statSync(join(root, file));
      return [file, [mtimeMs, size]];
    })),
    outputs: Object.fromEntries(readdirSync(outdir).filter((f) => f !== STAMP_FILE).map((file) => [file, statSync(join(outdir, file)).size])),
  };
}
