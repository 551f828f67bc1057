// The baseline gate's command line: save a run as the baseline of its scenario, or compare a run with one.
//   tsx cli/baseline.ts save <resultsDir> [--as NAME]
//   tsx cli/baseline.ts compare <resultsDir> [--baseline FILE] [--latency 0.1] [--fail-rate 0.01] [--floor-ms 5]
// compare prints the table, adds the comparison to <resultsDir>/verdict.json and junit.xml, and exits
// 99 on a regression (k6's code for crossed thresholds), 0 otherwise, 2 with one line on bad input.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { comparisonLine, comparisonTable, DEFAULT_TOLERANCE, toleranceSchema, type Tolerance } from '../lib/verdict/compare';
import { describeIssue } from '../lib/config/issues';
import { bad, BadInput, readSummary, readVerdict, writeVerdict } from '../run/results-dir';
import { judge } from '../lib/verdict/judge';
import { report } from '../run/conclude';

const BASELINES_DIR = 'baselines';
const EXIT_REGRESSION = 99;
const EXIT_BAD_INPUT = 2;

const USAGE = `usage: tsx cli/baseline.ts save <resultsDir> [--as NAME]
       tsx cli/baseline.ts compare <resultsDir> [--baseline FILE] [--latency 0.1] [--fail-rate 0.01] [--floor-ms 5]`;

function resultsDir(dir: string | undefined): string {
  if (!dir) bad('no results directory given: expected e.g. results/spike-20260101-120000 (see --help)');
  if (!existsSync(dir!) || !statSync(dir!).isDirectory()) bad(`results directory '${dir}' does not exist: expected a directory such as results/spike-20260101-120000`);
  return dir!;
}

/** `--name value` pairs after the command and its directory; unknown flags and missing values are refused. */
function parseFlags(args: string[], known: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    if (!known.includes(flag)) bad(`unknown option '${flag}': expected ${known.join(', ')}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) bad(`${flag} needs a value`);
    flags[flag] = value!;
  }
  return flags;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A fraction, or a percentage with `%`: `0.1` and `10%` are the same tolerance. */
function parseFraction(flag: string, text: string, key: keyof Tolerance): number {
  const percent = text.endsWith('%');
  const digits = percent ? text.slice(0, -1) : text;
  if (!NUMBER.test(digits)) bad(`${flag}='${text}' is not valid: expected a number such as 0.1 (or 10%)`);
  const value = Number(digits) / (percent ? 100 : 1);
  const parsed = z.safeParse(toleranceSchema.shape[key], value);
  if (!parsed.success) bad(`${flag}='${text}' is not valid: ${describeIssue(parsed.error.issues[0]!)}`);
  return value;
}

function parseMs(flag: string, text: string): number {
  const digits = text.endsWith('ms') ? text.slice(0, -2) : text;
  if (!NUMBER.test(digits)) bad(`${flag}='${text}' is not valid: expected a number of milliseconds such as 5`);
  const value = Number(digits);
  const parsed = z.safeParse(toleranceSchema.shape.floorMs, value);
  if (!parsed.success) bad(`${flag}='${text}' is not valid: ${describeIssue(parsed.error.issues[0]!)}`);
  return value;
}

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** baselines/<name>.json; a name is one plain file name, never a path. */
function baselineFile(name: string): string {
  if (!NAME.test(name)) bad(`baseline name '${name}' is not valid: expected letters, digits, '.', '_' or '-'`);
  return join(BASELINES_DIR, `${name}.json`);
}

function save(args: string[]): number {
  const dir = resultsDir(args[0]);
  const flags = parseFlags(args.slice(1), ['--as']);
  const summaryPath = join(dir, 'summary.json');
  readSummary(summaryPath); // refuse to save something that is not a summary
  if (flags['--as'] === undefined && !existsSync(join(dir, 'verdict.json'))) bad(`${join(dir, 'verdict.json')} is missing: name the baseline with --as NAME`);
  const target = baselineFile(flags['--as'] ?? readVerdict(dir).scenario);
  mkdirSync(BASELINES_DIR, { recursive: true });
  copyFileSync(summaryPath, target);
  console.log(`plimsoll: saved ${summaryPath} as the baseline ${target}`);
  return 0;
}

/** The baseline a run is gated against — `file`, else baselines/<scenario>.json — and the tolerance, from flag-style texts. */
export function loadBaseline(scenario: string, given: { file?: string; latency?: string; failRate?: string; floorMs?: string }) {
  const tolerance: Tolerance = {
    latency: given.latency !== undefined ? parseFraction('--latency', given.latency, 'latency') : DEFAULT_TOLERANCE.latency,
    failRate: given.failRate !== undefined ? parseFraction('--fail-rate', given.failRate, 'failRate') : DEFAULT_TOLERANCE.failRate,
    floorMs: given.floorMs !== undefined ? parseMs('--floor-ms', given.floorMs) : DEFAULT_TOLERANCE.floorMs,
  };
  const file = given.file ?? baselineFile(scenario);
  if (given.file === undefined && !existsSync(file)) {
    bad(`no baseline for scenario '${scenario}' (${file}): save one with 'tsx cli/baseline.ts save <resultsDir>', or name one with --baseline FILE`);
  }
  return { file, data: readSummary(file, "a baseline saved by 'save'"), tolerance };
}

export async function compare(args: string[]): Promise<number> {
  const dir = resultsDir(args[0]);
  const flags = parseFlags(args.slice(1), ['--baseline', '--latency', '--fail-rate', '--floor-ms']);
  const verdict = readVerdict(dir);
  const current = readSummary(join(dir, 'summary.json'));
  const baseline = loadBaseline(verdict.scenario, { file: flags['--baseline'], latency: flags['--latency'], failRate: flags['--fail-rate'], floorMs: flags['--floor-ms'] });
  // The run judged again with one more fact: what its SLA decided (as recorded), and how it ran, stay.
  const { stream, interrupted, mergedFrom } = verdict;
  const judged = judge({ data: current, sla: { ...verdict, passed: verdict.slaPassed }, baseline, stream, interrupted, mergedFrom });
  writeVerdict(dir, judged, current.state.testRunDurationMs);
  await report(dir);

  const comparison = { passed: judged.regressions!.every((r) => r.ok), rows: judged.regressions! };
  console.log(['', `plimsoll: ${dir} against the baseline ${baseline.file}`, '', comparisonTable(comparison.rows), '', comparisonLine(comparison), ''].join('\n'));
  return comparison.passed ? 0 : EXIT_REGRESSION;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'save') return save(args);
  if (command === 'compare') return compare(args);
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  return bad(command ? `unknown command '${command}': expected save or compare (see --help)` : 'no command given: expected save or compare (see --help)');
}

/** `plimsoll baseline save …` / `plimsoll compare …`: the exit code; bad input is one line, never a stack. */
export async function baselineCommand(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (e) {
    // An unexpected failure (e.g. a disk error) is one line too.
    console.error(`plimsoll: ${e instanceof BadInput ? e.message : ((e as Error).message ?? String(e))}`);
    return EXIT_BAD_INPUT;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await baselineCommand(process.argv.slice(2));
