// Bundle every scenarios/*.ts into dist/<name>.js: one self-contained ES module per scenario that plain
// `k6 run` accepts. k6's own modules stay imports; npm code (zod) is bundled in, minified, because every
// VU evaluates the whole script and bundle size is memory per VU.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export const scenarioNames = (dir = 'scenarios') =>
  readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts')).sort();

export async function bundle(names = scenarioNames(), outdir = 'dist') {
  await build({
    entryPoints: names.map((n) => join('scenarios', `${n}.ts`)),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    external: ['k6', 'k6/*', 'https://*'],
    logLevel: 'warning',
  });
  return names.map((n) => join(outdir, `${n}.js`));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await bundle();
  console.log(`bundled ${files.join(', ')}`);
}
