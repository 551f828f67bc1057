// Bundle every scenarios/*.ts into dist/<name>.js, plus the control side they share into dist/control.js:
// self-contained ES modules that plain `k6 run` accepts. k6's own modules stay imports; npm code (zod) is
// bundled in, minified. Every VU evaluates its scenario's bundle — bundle size is memory per VU — so
// the scenario bundles keep './control.js' external: only k6's __VU 0 contexts load it (lib/plimsoll.ts).
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

export const CONTROL = 'control';

export const scenarioNames = (dir = 'scenarios') =>
  readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts')).sort();

// lib/plimsoll.ts requires './control.js' by the name it has in the output directory, not in lib/.
const controlStaysOutside: Plugin = {
  name: 'control-stays-outside',
  setup: (b) => b.onResolve({ filter: /^\.\/control\.js$/ }, (args) => ({ path: args.path, external: true })),
};

// k6's modules have no side effects on import: a binding nothing uses (think()'s `sleep` in a scenario
// that never thinks) is dropped rather than kept as one more import in every VU (~0.8 KB each, measured).
const k6HasNoSideEffects: Plugin = {
  name: 'k6-has-no-side-effects',
  setup: (b) => b.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => ({ path: args.path, external: true, sideEffects: false })),
};

const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  external: ['k6', 'k6/*', 'https://*'],
  logLevel: 'warning',
  write: false,
};

/**
 * Bundles scenarios (names under scenarios/, or paths ending in `.ts`) into outdir/<basename>.js, and outdir/control.js.
 * Each scenario is a build of its own so that it knows its name (the file's), which names its runs,
 * results, baselines and k6 scenario, and where its source lies from the bundle: a feeder's path is relative
 * to the scenario, while k6 opens files relative to the bundle.
 */
export async function bundle(names = scenarioNames(), outdir = 'dist', { metafile = false } = {}) {
  const entries = Object.fromEntries(names.map((n) => [basename(n, '.ts'), n.endsWith('.ts') ? n : join('scenarios', `${n}.ts`)]));
  if (CONTROL in entries) throw new Error(`scenarios/${CONTROL}.ts would overwrite ${outdir}/${CONTROL}.js (the shared control bundle): rename the scenario`);
  const results = await Promise.all([
    ...Object.entries(entries).map(([name, entry]) =>
      build({ ...common, metafile, entryPoints: { [name]: entry }, outdir, plugins: [controlStaysOutside, k6HasNoSideEffects], define: { __PLIMSOLL_SCENARIO__: JSON.stringify(name), __PLIMSOLL_SOURCE_DIR__: JSON.stringify(relative(outdir, dirname(entry)) || '.') } }),
    ),
    build({ ...common, metafile, entryPoints: { [CONTROL]: join('lib', `${CONTROL}.ts`) }, outdir }),
  ]);
  // Each file appears whole (written aside, then renamed): a k6 already reading dist/ never sees half a bundle.
  for (const f of results.flatMap((r) => r.outputFiles ?? [])) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(`${f.path}.${process.pid}.tmp`, f.contents);
    renameSync(`${f.path}.${process.pid}.tmp`, f.path);
  }
  const merged: Metafile | undefined = metafile ? { inputs: Object.assign({}, ...results.map((r) => r.metafile!.inputs)), outputs: Object.assign({}, ...results.map((r) => r.metafile!.outputs)) } : undefined;
  return { files: Object.keys(entries).map((n) => join(outdir, `${n}.js`)), control: join(outdir, `${CONTROL}.js`), metafile: merged };
}

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);

/** Bundle again only when a source is newer than the scenario's bundle or the control bundle (`plimsoll run` without make). */
export async function ensureBundled(name: string, outdir = 'dist') {
  const outputs = [join(outdir, `${name}.js`), join(outdir, `${CONTROL}.js`)];
  const built = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (Math.max(newest('lib'), newest('scenarios'), statSync('package-lock.json').mtimeMs) > built) await bundle();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, control } = await bundle();
  console.log(`bundled ${files.join(', ')} and ${control}`);
}
