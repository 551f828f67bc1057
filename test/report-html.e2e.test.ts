// report.html end to end: a real k6 spike against the demo target writes its raw samples, writeReport turns
// the folder into one page within the time budget, and headless Chromium (Debian's package) opens it from
// file:// — no error, nothing loaded from anywhere, every chart and series drawn, the SLA line at its value,
// the recovery marker where verdict.json puts it — and takes the screenshot report.png into the run folder.
// The shop's browse/buy mix adds a journey table and a chart per journey.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemo, type Knobs } from '../demo/server';
import { K6, run } from './support/k6';
import { writeReport } from '../report/main';

const CHROMIUM = process.env.CHROMIUM || 'chromium';
const work = mkdtempSync(join(tmpdir(), 'plimsoll-report-html-'));
// The run folders stay for a person to look at (report.html, report.png); Chromium's profiles do not.
after(() => rmSync(join(work, 'profiles'), { recursive: true, force: true }));

function chromium(args: string[]): string {
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--disable-gpu',
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${mkdtempSync(join(work, 'profiles-'))}`,
      '--virtual-time-budget=5000',
      '--window-size=1280,2400',
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.ok(!r.error, `cannot run ${CHROMIUM} (install Debian's chromium, or set CHROMIUM): ${r.error?.message}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A spike against a demo target with these knobs: k6's raw samples, its dashboard export and the run's files in a fresh folder. */
async function spike(script: string, knobs: Partial<Knobs>, env: Record<string, string>) {
  const demo = await startDemo(knobs);
  const dir = mkdtempSync(join(work, `${script}-`));
  try {
    const r = await run(K6, ['run', '--quiet', '--out', `csv=${dir}/samples.csv.gz`, `dist/${script}.js`], {
      K6_CSV_TIME_FORMAT: 'unix_nano',
      K6_WEB_DASHBOARD: 'true',
      K6_WEB_DASHBOARD_PORT: '-1',
      K6_WEB_DASHBOARD_PERIOD: '1s',
      K6_WEB_DASHBOARD_EXPORT: `${dir}/k6-dashboard.html`,
      TARGET: demo.url,
      RESULTS_DIR: dir,
      ...env,
    }, 180_000);
    assert.ok(r.code === 0 || r.code === 99, `k6 exited ${r.code}: ${r.stderr}`);
  } finally {
    await demo.close();
  }
  const json = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  return { dir, verdict: json('verdict.json'), sla: json('sla.json') };
}

/** Each chart's container in the dumped DOM (by element id and by its card's title), with what the page recorded it drew. */
function chartsIn(dom: string) {
  type Drawn = { title: string; series: number; points: number; legend: number; canvases: number; limits: { label: string; values: number[] }[]; markers: { x: number; label: string }[] };
  const out = new Map<string, Drawn>();
  const starts = [...dom.matchAll(/<h3>([^<]*)<\/h3>(?:<p class="note">[\s\S]*?<\/p>)?<div class="chart" id="([^"]+)"([^>]*)>/g)];
  starts.forEach((m, i) => {
    const body = dom.slice(m.index!, starts[i + 1]?.index ?? dom.length);
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[3]!)?.[1]?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const drawn: Drawn = {
      title: m[1]!,
      series: Number(attr('data-series')),
      // Measured values drawn (not null), over the chart's data series.
      points: Number(attr('data-points')),
      // uPlot's legend: one row for x, one per series.
      legend: (body.match(/<tr class="u-series/g) ?? []).length,
      canvases: (body.match(/<canvas/g) ?? []).length,
      limits: JSON.parse(attr('data-limits') ?? '[]'),
      markers: JSON.parse(attr('data-markers') ?? '[]'),
    };
    out.set(m[2]!, drawn);
    out.set(m[1]!, drawn);
  });
  return out;
}

/** The SLA's latency (or failure) limits on all requests, by sla.json: `<` a percentile/max on the metric itself or one phase of it. */
function runLimits(sla: { thresholds: Record<string, (string | { threshold: string })[]> }, metric: string, aggregates: RegExp) {
  const out: number[] = [];
  for (const [key, list] of Object.entries(sla.thresholds)) {
    if (key !== metric && !new RegExp(`^${metric}\\{phase:[^,}]+\\}$`).test(key)) continue;
    for (const t of list) {
      const m = new RegExp(`^(${aggregates.source})\\s*<=?\\s*([\\d.]+)$`).exec(typeof t === 'string' ? t : t.threshold);
      if (m) out.push(Number(m[2]));
    }
  }
  return out.sort((a, b) => a - b);
}

test('a 1-minute demo spike: report.html within 5 s, opens offline in Chromium with every chart drawn, report.png', async () => {
  // A demo target with one slot of 15 ms: the peak (50/s) queues, so the report has a story to tell.
  const { dir, verdict, sla } = await spike('spike', { capacity: 1, latencyMs: 15 }, { ENDPOINTS: resolve('demo/endpoints.json'), TIME_SCALE: '0.2' });
  const k6Version = spawnSync(K6, ['version'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 2).join(' ');
  const written = await writeReport(dir, { k6Version });
  console.log(`# report for a 1-minute spike: ${written.ms.toFixed(0)} ms to write, ${(written.bytes / 1024).toFixed(0)} KB (${dir}/report.html)`);
  assert.ok(written.ms <= 5000, `written in ${written.ms.toFixed(0)} ms`);
  assert.ok(written.bytes <= 2 * 1024 * 1024, `${written.bytes} bytes`);

  const file = join(dir, 'report.html');
  const dom = chromium(['--dump-dom', `file://${file}`]);
  // No error of any kind (script, CSP, console.error): the page's trap would have listed it.
  assert.doesNotMatch(dom, /data-errors=/, 'no error recorded');
  assert.match(dom, /<ol id="plimsoll-errors" hidden="">\s*<\/ol>/);
  // The verdict, as verdict.json says it.
  assert.match(dom, new RegExp(`<div class="badge ${verdict.passed ? 'pass' : 'fail'}" id="verdict"><b>${verdict.passed ? 'PASS' : 'FAIL'}</b>`));
  assert.match(dom, /<p class="story" id="story">p95 (rose|held steady|fell)[^<]* from warm-up to peak[^<]*; [^<]*\.<\/p>/);
  assert.match(dom, /<a href="k6-dashboard\.html">k6 web dashboard report<\/a>/);

  // One journey: no journey section (its numbers are the run's).
  assert.doesNotMatch(dom, /id="journeys"|id="journey-table"/);
  // Every chart drawn: 4 over time, one per step, the spike's measure chart — each with its series in the legend.
  const steps: string[] = sla.scope.steps;
  const latencyLimits = runLimits(sla, 'http_req_duration', /p\(\d+(?:\.\d+)?\)|max|med|avg/);
  const failLimits = runLimits(sla, 'http_req_failed', /rate/);
  assert.ok(latencyLimits.length > 0 && failLimits.length > 0, `the spike's SLA limits latency and failures: ${JSON.stringify(sla.thresholds)}`);
  const expected = new Map<string, number>([
    ['chart-throughput', 3], // requests/s, iterations/s, planned iterations/s
    ['chart-latency', 3 + latencyLimits.length], // p50, p95, p99 and each latency limit
    ['chart-failed', 1 + failLimits.length], // failed share and each failure limit
    ['chart-vus', 3], // active VUs, allocated VUs, dropped iterations/s
    ...steps.map((_, i) => [`chart-step-${i}`, 1] as [string, number]), // p95 (the endpoint list sets no step limits)
    ['chart-spike', 4 + latencyLimits.length], // p95 per bucket, per phase, per recovery window, back to normal, the latency limits
  ]);
  const charts = chartsIn(dom);
  assert.equal(new RegExp(`data-charts="${expected.size}"`).test(dom), true, `the page drew ${expected.size} charts`);
  assert.deepEqual([...charts.keys()].filter((k) => k.startsWith('chart-')).sort(), [...expected.keys()].sort());
  for (const [el, n] of expected) {
    const c = charts.get(el)!;
    assert.equal(c.canvases, 1, `${el}: one canvas`);
    assert.equal(c.series, n, `${el}: ${n} series`);
    assert.equal(c.legend, n + 1, `${el}: ${n} series in the legend (and x)`);
  }
  // The SLA lines as drawn: every point of each line at its limit's value (failures in %).
  const drawn = (el: string) => charts.get(el)!.limits.map((l) => { assert.equal(l.values.length, 1, `${el}: ${l.label} is one value`); return l.values[0]!; }).sort((a, b) => a - b);
  assert.deepEqual(drawn('chart-latency'), latencyLimits);
  assert.deepEqual(drawn('chart-failed'), failLimits.map((f) => f * 100));
  // The recovery marker: the recovery phase's start (the plan's durations before it) + verdict.json's recovery.
  const recoveryMs = verdict.measures.find((m: { name: string }) => m.name === 'recovery').value;
  const recoveryStart = sla.plan.phases.slice(0, sla.plan.phases.findIndex((p: { name: string }) => p.name === 'recovery')).reduce((s: number, p: { durationMs: number }) => s + p.durationMs, 0) / 1000;
  assert.equal(recoveryStart, 36);
  const marker = charts.get('chart-latency')!.markers;
  if (recoveryMs === null) assert.match(marker[0]!.label, /not recovered/);
  else assert.deepEqual(marker.map((m) => m.x), [recoveryStart + recoveryMs / 1000]);
  assert.deepEqual(charts.get('chart-spike')!.markers, marker);

  const png = join(dir, 'report.png');
  chromium([`--screenshot=${png}`, `file://${file}`]);
  assert.ok(existsSync(png) && statSync(png).size > 50_000, 'a screenshot of the page');
  console.log(`# screenshot: ${png}`);

  // The checks can fail: the same page with a remote image and a failing script shows both as errors.
  const broken = join(dir, 'broken.html');
  writeFileSync(broken, readFileSync(file, 'utf8').replace('</body>', '<img src="http://127.0.0.1:9/x.png"><script>throw new Error("boom")</script></body>'));
  const brokenDom = chromium(['--dump-dom', `file://${broken}`]);
  assert.match(brokenDom, /data-errors="[2-9]"/);
  assert.match(brokenDom, /<li>blocked by CSP: img-src http:\/\/127\.0\.0\.1:9\/x\.png<\/li>/);
  assert.match(brokenDom, /<li>error: Uncaught Error: boom/);
});

test('the shop (a browse/buy mix): every step, flow and journey drawn with its SLA lines; the journey table; report.png', async () => {
  // The demo's default knobs: the shop's browse journey reads the catalogue without logging in.
  const { dir, sla } = await spike('shop', {}, { TIME_SCALE: '0.05' });
  await writeReport(dir);
  const file = join(dir, 'report.html');
  const dom = chromium(['--dump-dom', `file://${file}`]);
  assert.doesNotMatch(dom, /data-errors=/);
  const charts = chartsIn(dom);
  const steps: string[] = sla.scope.steps;
  const flows: string[] = sla.scope.flows;
  const journeys: string[] = sla.scope.journeys;
  assert.ok(steps.includes('login') && steps.includes('checkout') && flows.includes('purchase'), JSON.stringify(sla.scope));
  assert.deepEqual(journeys, ['browse', 'buy']);
  // Every step, flow and journey has its chart, with the limits sla.json sets on it, drawn at their values.
  for (const [kind, names, metric, tag] of [['step', steps, 'http_req_duration', 'name'], ['flow', flows, 'flow_duration', 'flow'], ['journey', journeys, 'http_req_duration', 'journey']] as const) {
    for (const name of names) {
      const c = charts.get(`${kind} ${name}`);
      assert.ok(c, `a chart for ${kind} ${name}`);
      const limits = (sla.thresholds[`${metric}{${tag}:${name}}`] ?? []).map((t: string | { threshold: string }) => Number(/<=?\s*([\d.]+)$/.exec(typeof t === 'string' ? t : t.threshold)![1]));
      assert.deepEqual(c!.limits.map((l) => l.values), limits.map((v: number) => [v]), `${kind} ${name}`);
      assert.equal(c!.canvases, 1);
    }
  }
  assert.deepEqual(charts.get('step login')!.limits.map((l) => l.label), ['SLA p95 < 300 ms']);
  assert.deepEqual(charts.get('journey buy')!.limits.map((l) => l.label), ['SLA p95 < 400 ms'], "scenarios/shop.ts: journeys.buy's p95");
  for (const j of journeys) assert.ok(charts.get(`journey ${j}`)!.points >= 5, `journey ${j}: its p95 drawn over the run (${charts.get(`journey ${j}`)!.points} points)`);
  assert.equal([...charts.keys()].filter((k) => k.startsWith('chart-')).length, 4 + steps.length + flows.length + journeys.length + 1);
  assert.match(dom, /<table class="t" id="flow-table">.*<td>purchase<\/td>/s);

  // The journey table: each journey's iterations (from the raw samples) add up to k6's count, its requests are k6's.
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const table = /<table class="t" id="journey-table">.*?<\/table>/s.exec(dom)?.[0] ?? assert.fail('a journey table');
  const rows = new Map([...table.matchAll(/<tr class="(?:bad)?"><td>(\w+)<\/td><td class="num">([\d,]+)<\/td><td class="num">([\d,]+)<\/td>.*?<\/tr>/g)].map((m) => [m[1]!, { iterations: Number(m[2]!.replace(/,/g, '')), requests: Number(m[3]!.replace(/,/g, '')), row: m[0] }]));
  assert.deepEqual([...rows.keys()], journeys);
  for (const [j, r] of rows) assert.equal(r.requests, summary.metrics[`http_req_duration{journey:${j}}`].values.count, `${j}: k6's requests`);
  assert.equal(rows.get('browse')!.iterations + rows.get('buy')!.iterations, summary.metrics.iterations.values.count, "the journeys' iterations are all of k6's");
  assert.ok(rows.get('browse')!.iterations > rows.get('buy')!.iterations, 'browse is 0.8 of the mix, buy 0.2');
  assert.match(rows.get('buy')!.row, /<code>p\(95\)&lt;400<\/code> <span class="(held|crossed)">/, "buy's SLA row");

  // Tall enough to show the journeys below the charts over time (the last --window-size wins).
  const png = join(dir, 'report.png');
  chromium(['--window-size=1280,4000', `--screenshot=${png}`, `file://${file}`]);
  assert.ok(existsSync(png) && statSync(png).size > 50_000, 'a screenshot of the page');
  console.log(`# screenshot: ${png}`);
});
