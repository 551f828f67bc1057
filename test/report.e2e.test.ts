// k6's web dashboard through the runner: DASHBOARD=1 serves it live on loopback during the run, and
// the HTML report it exports to results/<run>/k6-dashboard.html opens in a real headless Chromium (Debian's
// package) showing the run's request count.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../live/influxd';
import { run } from './support/k6';

const CHROMIUM = process.env.CHROMIUM || 'chromium';
const work = mkdtempSync(join(tmpdir(), 'plimsoll-report-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The page as Chromium renders it (scripts run), reduced to its visible text. */
function renderedText(file: string): string {
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${mkdtempSync(join(work, 'chromium-'))}`,
      // Let the report's scripts decompress and render its data before the DOM is dumped.
      '--virtual-time-budget=10000',
      '--dump-dom',
      `file://${file}`,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.ok(!r.error, `cannot run ${CHROMIUM} (install Debian's chromium, or set CHROMIUM): ${r.error?.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

test('DASHBOARD=1 serves the web dashboard on 127.0.0.1 during the run; k6-dashboard.html shows the request count in Chromium', async () => {
  const port = await freePort();
  const resultsDir = join(work, 'run');
  // A short spike against the demo target the runner starts itself: ~150 requests over 6 s.
  const running = run('node', ['--import', 'tsx', 'cli/plimsoll.ts', 'run', 'spike'], {
    TARGET: '',
    TIME_SCALE: '0.02',
    RATE: '10',
    DASHBOARD: '1',
    K6_WEB_DASHBOARD_PORT: String(port),
    RESULTS_DIR: resultsDir,
  });
  let finished = false;
  void running.then(() => (finished = true));
  let page = '';
  await waitFor(`the web dashboard on 127.0.0.1:${port}`, async () => {
    if (finished) throw new Error('the run ended before the web dashboard answered');
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
      page = await r.text();
      return r.ok;
    } catch {
      return false;
    }
  }, 30_000, 100);
  assert.match(page, /<html/i, 'the live dashboard serves a page');
  const r = await running;
  assert.equal(r.code, 0, r.stderr);

  const report = join(resultsDir, 'k6-dashboard.html');
  assert.ok(existsSync(report), 'results/<run>/k6-dashboard.html exists');
  const count = JSON.parse(readFileSync(join(resultsDir, 'summary.json'), 'utf8')).metrics.http_reqs.values.count as number;
  assert.ok(count > 0 && count < 1000, `a small run (${count} requests), so the report prints the exact count`);
  const text = renderedText(report);
  assert.match(text, /k6 report/);
  // The report's Counters table: "http_reqs <count> <rate>/s".
  const shown = /Counters .*?\bhttp_reqs (\S+) /.exec(text)?.[1];
  console.log(`# k6-dashboard.html: http_reqs shown as ${shown}, k6 counted ${count}`);
  assert.equal(shown, String(count));
});
