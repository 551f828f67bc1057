// The verdict as JUnit XML, the test-report format GitLab and Jenkins read: one testcase per SLA threshold
// and one per baseline comparison, a failure for each crossed one. Only the subset both read is used:
// testsuites > testsuite > testcase > failure | system-out.
import { formatObserved, verdictLine, type SlaVerdict } from './verdict';
import { comparisonLine, comparisonTable, describeTolerance, formatDelta, formatMeasure, resultOf, type ComparisonRow, type Tolerance } from './compare';

/** What of a verdict the report reads (a whole Verdict will do). */
export type JunitVerdict = Pick<SlaVerdict, 'passed' | 'rows'> & Parameters<typeof verdictLine>[0];

export interface JunitOptions {
  /** The testsuite's name, e.g. `plimsoll spike`. */
  suite: string;
  /** Baseline comparison rows (compareRuns), each a testcase of its own. */
  regressions?: readonly ComparisonRow[];
  /** The tolerance the comparison used, quoted in its failure messages. */
  tolerance?: Tolerance;
  /** The run's duration (k6's state.testRunDurationMs), the suite's `time`. */
  durationMs?: number;
  /** The signal that interrupted the run: a failing testcase says the run did not complete. */
  interrupted?: string;
}

// XML 1.0 has no way to write most control characters, even escaped: they become U+FFFD. (Lone
// surrogates cannot occur: k6 hands over names from Go strings, which are valid UTF-8.)
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text content: `&`, `<` and `>` escaped (`>` for `]]>`), invalid characters replaced. */
export function xmlText(s: string): string {
  return s.replace(INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes: also quotes escaped, and tab/LF/CR as references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; detail: string };
  out?: string;
}

function testcase(c: Case): string {
  const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="0"`;
  if (!c.failure && !c.out) return `${open}/>`;
  const body: string[] = [];
  if (c.failure) body.push(`      <failure message="${xmlAttr(c.failure.message)}" type="${xmlAttr(c.failure.type)}">${xmlText(c.failure.detail)}</failure>`);
  if (c.out) body.push(`      <system-out>${xmlText(c.out)}</system-out>`);
  return [`${open}>`, ...body, '    </testcase>'].join('\n');
}

function regressionCase(r: ComparisonRow, tolerance: Tolerance | undefined): Case {
  const c: Case = { classname: r.metric, name: `${r.measure} vs baseline` };
  const values = `baseline ${formatMeasure(r.measure, r.baseline)}, current ${formatMeasure(r.measure, r.current)}`;
  if (!r.ok) {
    const message = `${values}, delta ${formatDelta(r)}, limit ${r.limit}${tolerance ? ` (${describeTolerance(r.measure, tolerance)})` : ''}`;
    c.failure = { message, type: 'regression', detail: `${r.scope} ${r.measure} regressed: ${message}` };
  } else if (r.baseline === null || r.current === null) {
    c.out = `${resultOf(r)}: not compared (${values})`;
  }
  return c;
}

/** A JUnit XML document of the verdict and, if given, the baseline comparison. */
export function junitXml(verdict: JunitVerdict, opts: JunitOptions): string {
  const regressions = opts.regressions ?? [];
  const cases: Case[] = verdict.rows.map((r) => {
    const c: Case = { classname: r.metric, name: r.expression };
    const message = `observed ${formatObserved(r)}, limit ${r.expression}`;
    // A breakpoint's stop criteria are meant to be crossed: they end the run without failing it (as in verdictOf).
    if (!r.ok && (r.tier as string) === 'break') c.out = `stop criterion reached: ${message}`;
    else if (!r.ok) c.failure = { message, type: 'sla', detail: `${r.metric} ${r.expression} crossed (${r.tier} tier): ${message}` };
    return c;
  });
  cases.push(...regressions.map((r) => regressionCase(r, opts.tolerance)));
  if (opts.interrupted) {
    const message = `interrupted by ${opts.interrupted}: only part of the planned load ran`;
    cases.push({ classname: 'run', name: 'completed', failure: { message, type: 'interrupted', detail: message } });
  }

  const failures = cases.filter((c) => c.failure).length;
  const time = ((opts.durationMs ?? 0) / 1000).toFixed(3);
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" time="${time}"`;
  const comparison = regressions.length ? ['', comparisonTable(regressions), '', comparisonLine({ passed: regressions.every((r) => r.ok), rows: regressions })] : [];
  const out = [verdictLine(verdict), ...comparison].join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(opts.suite)}" ${counts}>`,
    `  <testsuite name="${xmlAttr(opts.suite)}" ${counts}>`,
    ...cases.map(testcase),
    `    <system-out>${xmlText(out)}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
