// `plimsoll run <scenario>` (and `make <scenario>`): dist/<scenario>.js with the real k6. With no TARGET it
// starts the demo target on loopback first and stops it afterwards, whatever the outcome.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDemo, type DemoTarget } from '../demo/server';
import { scenarioNames } from '../build/bundle';
import { k6Invocation } from './k6-invocation';
import { CSV_FALLBACK_NOTE, k6Binary } from './k6-binary';
import { BadInput, readRunSla, readSummary } from './results-dir';
import { loadBaseline } from '../cli/baseline';
import { auditStream, influxAnswers } from '../live/stream-audit';
import { startShards } from '../distributed/shards';
import { parseRunSettings } from './settings';
import { mergeShardDirs } from '../distributed/merge';
import { conclude } from './conclude';
import { refusal } from './inspect';

/** The demo run is short by default (a 5-minute spike takes a minute) so a newcomer sees the whole loop. */
const DEMO_TIME_SCALE = '0.2';

/** A usage error: one line, exit EXIT_USAGE, nothing started. */
export class Usage extends Error {}
/** plimsoll's own code for a usage error (a bad flag, an unknown scenario); k6's codes are its own. */
export const EXIT_USAGE = 2;

/**
 * Run dist/<name>.js with the real k6 (or SHARDS of it) and judge it once: the exit code is k6's own when it
 * did not finish normally (an error, an interruption: 105 and the like), else the verdict's — 0 held, 99
 * crossed. `env` holds the settings (flags already folded in: flags > environment > defaults).
 */
export async function runScenario(name: string, given: NodeJS.ProcessEnv): Promise<number> {
  const script = `dist/${name}.js`;
  if (!scenarioNames().includes(name)) throw new Usage(`no scenario '${name}': expected one of ${scenarioNames().join(', ')} (scenarios/*.ts)`);
  if (!existsSync(script)) throw new Usage(`${script} is missing: run 'make build' first`);

  const env: NodeJS.ProcessEnv = { ...given };
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  env.TESTID ||= `${name}-${stamp}`;
  const dir = (env.RESULTS_DIR ||= `results/${env.TESTID}`);
  const parsed = parseRunSettings(env);
  if (!parsed.ok) throw new Usage(parsed.error);
  const settings = parsed.settings;
  const k6Bin = env.K6 || 'k6';
  const { samples } = k6Binary(k6Bin);
  const invocation = k6Invocation(script, settings, dir, env, samples);
  Object.assign(env, invocation.env);
  // The runner judges the run itself once k6 has ended: the bundle writes only its facts (summary.json, sla.json).
  env.PLIMSOLL_RUNNER = '1';
  // With no TARGET the demo is the target, and the run is short by default.
  const useDemo = !env.TARGET;
  if (useDemo) {
    env.ENDPOINTS ||= resolve('demo/endpoints.json');
    env.TIME_SCALE ||= DEMO_TIME_SCALE;
  }
  // Every setting checked by the bundle itself before anything starts (the demo, k6): a bad one is a usage
  // error, one line, and nothing is sent.
  const refused = refusal(k6Bin, script, { ...env, TARGET: env.TARGET || 'http://127.0.0.1:1' });
  if (refused) throw new Usage(refused);
  mkdirSync(dir, { recursive: true });
  if (samples === 'csv') console.error(CSV_FALLBACK_NOTE(k6Bin));

  // A dead InfluxDB never stops a run: the summary and verdict do not depend on it. Say so up front.
  const { influxUrl } = invocation;
  if (influxUrl && !(await influxAnswers(influxUrl))) {
    console.error(`plimsoll: warning: InfluxDB at ${influxUrl} does not answer; the run goes on, and its results stay in ${dir}/`);
  }

  let demo: DemoTarget | undefined;
  if (useDemo) {
    demo = await startDemo((await import('../demo/knobs')).RUNNER_KNOBS, { announce: (line) => console.log(`plimsoll: ${line}`) });
    env.TARGET = demo.url;
    console.log(`plimsoll: no TARGET given — started the demo target at ${demo.url} (TIME_SCALE=${env.TIME_SCALE})`);
  }

  // k6 runs in its own process group so a terminal Ctrl-C reaches it once, through us: the first stops it
  // gracefully (summary still written), a second one makes k6 abort at once.
  // SHARDS=N: N k6 processes on execution segments, one merged verdict (distributed/shards.ts).
  const k6 = settings.SHARDS > 1 ? startShards(script, settings, env, dir, settings.SHARDS) : spawn(k6Bin, invocation.args, { stdio: 'inherit', env, detached: true });
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!interruptedBy) console.error(`plimsoll: ${signal} — stopping k6 gracefully; results will still be written (again to stop at once)`);
    interruptedBy ??= signal;
    k6.kill(signal);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  const code = await new Promise<number>((done) => {
    k6.on('error', (e) => {
      console.error(`plimsoll: cannot start k6 (${e.message}): set K6=/path/to/k6 or run through make`);
      done(EXIT_USAGE);
    });
    k6.on('exit', (c, signal) => done(c ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  await demo?.close();
  console.log(`plimsoll: results in ${dir}/`);
  return finish(code);

  /**
   * The run's verdict, judged once from everything known now: k6's summary (or the shards' merged samples),
   * the baseline (COMPARE=1, BASELINE=file), what reached InfluxDB, and whether it was interrupted.
   */
  async function finish(k6Code: number): Promise<number> {
    try {
      const sharded = settings.SHARDS > 1;
      const shardSummaries = Array.from({ length: settings.SHARDS }, (_, i) => join(dir, `shard-${i}`, 'summary.json'));
      const facts = sharded
        ? shardSummaries.every((f) => existsSync(f)) && (await mergeShardDirs(dir))
        : existsSync(join(dir, 'summary.json')) && { data: readSummary(join(dir, 'summary.json')), sla: readRunSla(dir) };
      if (!facts) return k6Code;
      if (sharded) console.log(`plimsoll: ${settings.SHARDS} shards ended (their logs: ${dir}/shard-*/k6.log). One verdict over all their samples:`);
      const stream = influxUrl ? await auditStream(influxUrl, env.TESTID!, facts.data.metrics.http_reqs?.values.count ?? 0, { dir, tagsAsFields: env.K6_INFLUXDB_TAGS_AS_FIELDS }) : undefined;
      const baseline = settings.COMPARE === '1' || settings.BASELINE ? loadBaseline(facts.sla.scenario, { file: settings.BASELINE, latency: settings.TOLERANCE }) : undefined;
      // A run k6 did not finish normally (a signal; an abort such as a feeder run dry, exit 108; a script
      // error) measured only part of its plan: its verdict never passes, whatever it measured.
      const unfinished = interruptedBy ?? (k6Code !== 0 && k6Code !== 99 ? `k6 exit code ${k6Code}` : undefined);
      const verdict = await conclude(dir, { ...facts, stream, baseline, interrupted: unfinished });
      if (unfinished) return k6Code;
      return verdict.passed ? 0 : 99;
    } catch (e) {
      if (!(e instanceof BadInput)) throw e;
      console.error(`plimsoll: ${e.message}`);
      return EXIT_USAGE;
    }
  }
}
