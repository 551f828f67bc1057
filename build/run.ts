// `make <profile>`: run dist/<profile>.js with the real k6. With no TARGET it starts the demo target on
// loopback first and stops it afterwards, whatever the outcome. Exits with k6's code (99 = SLA crossed).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo, type DemoTarget } from '../demo/server';
import { scenarioNames } from './bundle';
import { k6Invocation } from './k6-invocation';
import { BadInput, readSummary, readVerdict, writeVerdict } from './results';
import { compare } from './baseline';
import { auditLine, auditStream, influxAnswers } from './stream-audit';
import { shardCount, startShards } from './shards';

/** The demo run is short by default (a 5-minute spike takes a minute) so a newcomer sees the whole loop. */
const DEMO_TIME_SCALE = '0.2';

function fail(message: string): never {
  console.error(`plimsoll: ${message}`);
  process.exit(2);
}

const name = process.argv[2] ?? '';
const script = `dist/${name}.js`;
if (!scenarioNames().includes(name)) fail(`no scenario '${name}': expected one of ${scenarioNames().join(', ')} (scenarios/*.ts)`);
if (!existsSync(script)) fail(`${script} is missing: run 'make build' first`);

const env: NodeJS.ProcessEnv = { ...process.env };
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
env.TESTID ||= `${name}-${stamp}`;
env.RESULTS_DIR ||= `results/${env.TESTID}`;
const invocation = k6Invocation(script, env, env.RESULTS_DIR);
if (!invocation.ok) fail(invocation.error);
const shards = shardCount(env.SHARDS); // SHARDS=N: N k6 processes on execution segments, one merged verdict (build/shards.ts)
if (!shards.ok) fail(shards.error);
Object.assign(env, invocation.env);
mkdirSync(env.RESULTS_DIR, { recursive: true });

// A dead InfluxDB never stops a run: the summary and verdict do not depend on it. Say so up front.
const { influxUrl } = invocation;
if (influxUrl && !(await influxAnswers(influxUrl))) {
  console.error(`plimsoll: warning: InfluxDB at ${influxUrl} does not answer; the run goes on, and its results stay in ${env.RESULTS_DIR}/`);
}

let demo: DemoTarget | undefined;
if (!env.TARGET) {
  demo = await startDemo();
  env.TARGET = demo.url;
  env.ENDPOINTS ||= resolve('demo/endpoints.json');
  env.TIME_SCALE ||= DEMO_TIME_SCALE;
  console.log(`plimsoll: no TARGET given — started the demo target at ${demo.url} (TIME_SCALE=${env.TIME_SCALE})`);
}

// k6 runs in its own process group so a terminal Ctrl-C reaches it once, through us: the first stops it
// gracefully (summary still written), a second one makes k6 abort at once.
const k6 = shards.shards > 1 ? startShards(script, env, env.RESULTS_DIR, shards.shards) : spawn(env.K6 || 'k6', invocation.args, { stdio: 'inherit', env, detached: true });
let interruptedBy: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!interruptedBy) console.error(`plimsoll: ${signal} — stopping k6 gracefully; results will still be written (again to stop at once)`);
    interruptedBy ??= signal;
    k6.kill(signal);
  });
}

const code = await new Promise<number>((done) => {
  k6.on('error', (e) => {
    console.error(`plimsoll: cannot start k6 (${e.message}): set K6=/path/to/k6 or run through make`);
    done(2);
  });
  k6.on('exit', (c, signal) => done(c ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
});
await demo?.close();
console.log(`plimsoll: results in ${env.RESULTS_DIR}/`);
if (influxUrl && existsSync(`${env.RESULTS_DIR}/verdict.json`)) {
  // What reached InfluxDB, counted against k6's own count, recorded in the verdict and said aloud.
  const summary = readSummary(`${env.RESULTS_DIR}/summary.json`);
  const audit = await auditStream(influxUrl, env.TESTID, summary.metrics.http_reqs?.values.count ?? 0);
  console.error(auditLine(audit, influxUrl));
  writeVerdict(env.RESULTS_DIR, { ...readVerdict(env.RESULTS_DIR), stream: audit }, summary.state.testRunDurationMs);
}
process.exit(finalCode(code, env.RESULTS_DIR, interruptedBy));

/**
 * k6's code covers its thresholds only; the verdict also gates derived measures (recovery, drift,
 * capacity) and treats a breakpoint's stop criteria as expected. When k6 finished (0 or 99) and wrote a
 * verdict, the verdict decides; any other code (script error, abort by signal) stands as it is.
 */
function finalCode(k6Code: number, dir: string, interrupted: NodeJS.Signals | undefined): number {
  if (!existsSync(`${dir}/verdict.json`)) return k6Code;
  const verdict = readVerdict(dir);
  if (interrupted) {
    // An interrupted run measured only part of its plan: it never passes, and its files say why.
    writeVerdict(dir, { ...verdict, slaPassed: verdict.passed, passed: false, interrupted }, readSummary(`${dir}/summary.json`).state.testRunDurationMs);
    return k6Code;
  }
  if (k6Code !== 0 && k6Code !== 99) return k6Code;
  if (env.COMPARE === '1' || env.BASELINE) {
    // The baseline gate on this run: compare rewrites verdict.json and junit.xml with the deltas.
    try {
      compare([dir, ...(env.BASELINE ? ['--baseline', env.BASELINE] : []), ...(env.TOLERANCE ? ['--latency', env.TOLERANCE] : [])]);
    } catch (e) {
      if (!(e instanceof BadInput)) throw e;
      console.error(`plimsoll: ${e.message}`);
      return 2;
    }
  }
  return readVerdict(dir).passed ? 0 : 99;
}
