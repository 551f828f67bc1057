// `make dashboards`: write grafana/dashboards/<name>.json from the TypeScript definitions.
// `--check` writes nothing and fails when a committed file differs from what the code generates.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allDashboards } from './dashboards';

export const DASHBOARD_DIR = 'grafana/dashboards';

export function renderedDashboards(): Record<string, string> {
  return Object.fromEntries(Object.entries(allDashboards()).map(([name, d]) => [`${name}.json`, JSON.stringify(d, null, 2) + '\n']));
}

const check = process.argv.includes('--check');
const stale: string[] = [];
mkdirSync(DASHBOARD_DIR, { recursive: true });
for (const [file, text] of Object.entries(renderedDashboards())) {
  const path = join(DASHBOARD_DIR, file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) continue;
  if (check) stale.push(path);
  else {
    writeFileSync(path, text);
    console.log(`plimsoll: wrote ${path}`);
  }
}
if (stale.length) {
  console.error(`plimsoll: ${stale.join(', ')} out of date: run 'make dashboards' and commit the result`);
  process.exit(1);
}
