// The `plimsoll` command (`npx plimsoll …`; the Make targets call it). One family: run a scenario, list and
// explain scenarios, scaffold one, and the verdict jobs — judge merged runs, compare with a baseline, save one.
// Exit codes: k6's own (0 every limit held, 99 a limit crossed — thresholds, derived limits, a baseline
// regression — 105 interrupted, 107/108 a script error or abort, …) and 2 for a usage error of plimsoll's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureBundled, scenarioNames } from '../build/bundle';
import { EXIT_USAGE, runScenario, Usage } from '../run/runner';
import { describeBundle } from '../run/inspect';
import { runSettings } from '../run/settings';
import { describeSetting } from '../lib/config/settings';
import { formatDuration } from '../lib/config/duration';
import { slaToThresholds, expressionOf } from '../lib/sla/thresholds';
import type { Description } from '../lib/control';
import { scaffold } from './new';
import { baselineCommand } from './baseline';
import { verdictCommand } from '../distributed/merge';
import { backfillCommand } from '../live/backfill';

const USAGE = `usage: plimsoll <command> …

  run <scenario> [--target URL] [--rate N] [--<setting> value …]   run a scenario (no --target: the demo)
  list                                  the scenarios, with their profile and what each is for
  help <scenario>                       its settings with their defaults, its phases and its SLA
  new <name>                            scenarios/<name>.ts from a template that runs against the demo
  verdict <dir> [--influx URL] [--testid ID]   one verdict over a sharded run, or a TestRun's samples in InfluxDB
  backfill <dir> [--influx URL]         write into InfluxDB what it lacks of a run, from the run's spool
  compare <dir> [--baseline FILE] [--latency 0.1] [--fail-rate 0.01] [--floor-ms 5]
  baseline save <dir> [--as NAME]       keep a run as its scenario's baseline (baselines/<scenario>.json)

Settings are flags and environment variables alike (--time-scale 0.1 is TIME_SCALE=0.1); a flag wins over
the environment, which wins over the default. Exit codes: 0 every limit held, 99 a limit crossed (SLA,
derived limit or baseline regression), k6's own for a run that did not finish (105 interrupted, 107 script
error, 108 aborted: e.g. TARGET unreachable), ${EXIT_USAGE} for a usage error (a bad flag or setting; nothing is sent).`;

/** The pinned k6: K6 when set, else install/k6.sh (builds it once into .tools/). */
function k6(): string {
  if (process.env.K6) return process.env.K6;
  const version = readFileSync('install/k6.version', 'utf8').trim();
  return (process.env.K6 = execFileSync('install/k6.sh', [version], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim());
}

const flagName = (name: string) => `--${name.toLowerCase().replace(/_/g, '-')}`;
const settingName = (flag: string) => flag.slice(2).toUpperCase().replace(/-/g, '_');
/** Settings that mean "on" when given as a bare flag. */
const SWITCHES = new Set(['COMPARE', 'DASHBOARD']);

function describe(name: string): Description {
  if (!scenarioNames().includes(name)) throw new Usage(`no scenario '${name}': expected one of ${scenarioNames().join(', ')} (scenarios/*.ts)`);
  const d = describeBundle(k6(), `dist/${name}.js`);
  if ('error' in d) throw new Usage(d.error);
  return d;
}

/** `--rate 20 --time-scale=0.1 --compare` → { RATE: '20', TIME_SCALE: '0.1', COMPARE: '1' }, each a setting this run takes. */
function flags(args: string[], known: readonly string[], scenario: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const name = settingName(flag);
    if (!flag.startsWith('--') || !known.includes(name)) {
      throw new Usage(`unknown option '${flag}' for ${scenario}: expected one of ${known.map(flagName).join(', ')} (plimsoll help ${scenario})`);
    }
    const next = args[i + 1];
    const value = inline ?? (SWITCHES.has(name) && (next === undefined || next.startsWith('--')) ? '1' : (i++, next));
    if (value === undefined) throw new Usage(`${flag} needs a value`);
    out[name] = value;
  }
  return out;
}

async function run([name = '', ...args]: string[]): Promise<number> {
  if (!name || name.startsWith('--')) throw new Usage('no scenario given: expected plimsoll run <scenario> (plimsoll list shows them)');
  if (scenarioNames().includes(name)) await ensureBundled(name);
  const d = describe(name);
  const known = [...d.settings.map((s) => s.name), ...Object.keys(runSettings), 'RESULTS_DIR', 'TESTID'];
  return runScenario(name, { ...process.env, ...flags(args, [...new Set(known)], name) });
}

function list(): number {
  const rows = scenarioNames().map((name) => {
    const d = describe(name);
    // A scenario's first comment line says what it is for.
    const about = /^\/\/\s*(.*)/.exec(readFileSync(join('scenarios', `${name}.ts`), 'utf8'))?.[1] ?? '';
    return [name, d.profile, d.journeys.map((p) => (d.journeys.length > 1 ? `${p.journey.name} ${p.share}` : p.journey.name)).join(' + '), about];
  });
  const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length));
  for (const r of rows) console.log(`${r[0]!.padEnd(width(0))}  ${r[1]!.padEnd(width(1))}  ${r[2]!.padEnd(width(2))}  ${r[3]}`);
  return 0;
}

function help([name = '']: string[]): number {
  if (!name) {
    console.log(USAGE);
    return 0;
  }
  const d = describe(name);
  const about = /^\/\/\s*(.*)/.exec(readFileSync(join('scenarios', `${name}.ts`), 'utf8'))?.[1] ?? '';
  const out = [`${name} — ${about}`, '', `profile ${d.profile}`];
  for (const { journey: j, share } of d.journeys) {
    out.push(`journey ${j.name}${d.journeys.length > 1 ? ` (share ${share})` : ''}${j.endpoints ? ': its steps are the ENDPOINTS list' : ` · steps ${j.steps.join(', ')}`}`);
    if (j.flows.length) out.push(`  flows ${j.flows.join(', ')}`);
    if (Object.keys(j.metrics).length) out.push(`  metrics ${Object.entries(j.metrics).map(([m, k]) => `${m} (${k})`).join(', ')}`);
    if (j.feed) out.push(`  data: feeder ${j.feed.name} (${j.feed.strategy}); DATA_${j.feed.name.toUpperCase()}=file replaces its file`);
  }
  const rows = [
    ...d.settings.map((s) => [`${flagName(s.name)}, ${s.name}`, s.default ?? (s.required ? 'required' : '—'), s.expected ?? '']),
    ...Object.entries(runSettings).map(([k, schema]) => {
      const s = describeSetting(schema);
      return [`${flagName(k)}, ${k}`, s.default ?? '—', s.expected ?? ''];
    }),
  ];
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  out.push('', `settings (flag, environment variable; default; expected) — ${d.profile}'s own first:`, ...rows.map((r) => `  ${r[0]!.padEnd(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]}`));
  if (d.plan) {
    let rate = d.plan.startRate;
    const phases = d.plan.phases.map((p) => {
      const shape = p.target === rate ? `${p.target}/s` : `${rate}→${p.target}/s`;
      rate = p.target;
      return `${p.name} ${formatDuration(p.durationMs)} at ${shape}${p.windows ? ` (${p.windows} windows)` : ''}`;
    });
    out.push('', `phases at the defaults (TIME_SCALE scales durations; at most ${formatDuration(d.maxDurationMs)}):`, `  ${phases.join(' · ')}`);
  }
  if (d.sla) {
    // The SLA as the k6 thresholds it becomes, checked against the scenario's own names.
    const names = (o: Record<string, unknown>) => Object.keys(o);
    const js = d.journeys.map((p) => p.journey);
    const scope = {
      steps: [...js.flatMap((j) => j.steps), ...names(d.sla.steps), ...names(d.sla.endpoints)],
      flows: js.flatMap((j) => j.flows),
      phases: [...names(d.sla.phases), ...(d.plan?.phases.map((p) => p.name) ?? [])],
      metrics: Object.assign({}, ...js.map((j) => j.metrics)),
      journeys: js.map((j) => j.name),
      journeySteps: Object.fromEntries(js.map((j) => [j.name, [...j.steps, ...names(d.sla!.journeys[j.name]?.steps ?? {})]])),
    };
    const t = slaToThresholds(d.sla, scope);
    const limits = t.ok ? Object.entries(t.thresholds).flatMap(([m, list]) => list.map((x) => `${m} ${expressionOf(x)}`)) : [];
    const derived = Object.entries(d.sla.derived).map(([k, v]) => `${k} ${v}`);
    out.push('', 'SLA (SLA=file.json replaces it for a run):', ...[...limits, ...derived].map((l) => `  ${l}`));
  }
  console.log(out.join('\n'));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return run(rest);
    case 'list':
      return list();
    case 'help':
      return help(rest);
    case '--help':
    case '-h':
    case undefined:
      console.log(USAGE);
      return command === undefined ? EXIT_USAGE : 0;
    case 'new': {
      const r = scaffold(rest[0]);
      if (!r.ok) throw new Usage(r.error);
      console.log(`plimsoll: wrote ${r.file}; run it with \`npx plimsoll run ${rest[0]}\` (against the demo), or add --target https://…`);
      return 0;
    }
    case 'verdict':
      return verdictCommand(rest);
    case 'backfill':
      return backfillCommand(rest);
    case 'compare':
      return baselineCommand(['compare', ...rest]);
    case 'baseline':
      return baselineCommand(rest);
    default:
      throw new Usage(`unknown command '${command}': expected run, list, help, new, verdict, compare, baseline or backfill (plimsoll --help)`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof Usage)) throw e;
  console.error(`plimsoll: ${e.message}`);
  process.exitCode = EXIT_USAGE;
}
