// The end-of-run text: traffic per step and per phase, flows, the journey's own metrics, the SLA table
// (crossed first), the verdict line.
import { formatObserved, runVerdictLine } from './verdict';
import { formatValue, ms as formatMs, pct as formatPct, table } from './format';
import { comparisonLine, comparisonTable } from './compare';
import { FLOW_METRIC } from '../sla/metrics';
import type { SummaryData } from '../wire/summary';
import type { RunSla } from '../wire/run-sla';
import { storyOf } from './story';
import type { StreamAudit, Verdict } from '../wire/verdict';

const ms = (v: number | undefined) => (v === undefined ? '-' : formatMs(v));
const pct = (v: number | undefined) => formatPct(v ?? 0);

/** Requests, failures and latency per tag value; a declared value without samples says so rather than show zeros. */
function trafficRows(data: SummaryData, tag: string, values: readonly string[], showIdle: boolean): string[][] {
  const rows: string[][] = [];
  for (const v of values) {
    const d = data.metrics[`http_req_duration{${tag}:${v}}`]?.values;
    const f = data.metrics[`http_req_failed{${tag}:${v}}`]?.values;
    if (d?.count) rows.push([v, String(d.count), pct(f?.rate), ms(d['p(50)']), ms(d['p(95)']), ms(d['p(99)']), ms(d.max)]);
    else if (showIdle) rows.push([v, 'not run', '-', '-', '-', '-', '-']);
  }
  return rows;
}

function flowRows(data: SummaryData, flows: readonly string[]): string[][] {
  return flows.map((f) => {
    const d = data.metrics[`${FLOW_METRIC}{flow:${f}}`]?.values;
    return d?.count ? [f, String(d.count), ms(d['p(50)']), ms(d['p(95)']), ms(d['p(99)']), ms(d.max)] : [f, 'not run', '-', '-', '-', '-'];
  });
}

/** A journey's own metric in the words of its k6 type. */
function metricRow(data: SummaryData, name: string): string[] {
  const m = data.metrics[name];
  if (!m) return [name, 'no samples'];
  const v = m.values;
  const n = (x: number | undefined) => (x === undefined ? '-' : m.contains === 'time' ? ms(x) : String(Math.round(x * 100) / 100));
  switch (m.type) {
    case 'trend':
      return [name, `count ${v.count ?? '-'} · avg ${n(v.avg)} · p95 ${n(v['p(95)'])} · max ${n(v.max)}`];
    case 'counter':
      return [name, `count ${n(v.count)} · ${(v.rate ?? 0).toFixed(2)}/s`];
    case 'rate':
      return [name, `${pct(v.rate)} of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
    default:
      return [name, `value ${n(v.value)} · min ${n(v.min)} · max ${n(v.max)}`];
  }
}

/**
 * What reached InfluxDB, in one line, for stderr beside the report: what the stream lost, what was written back
 * from the run's spool, what is still missing and why, and the command that writes the rest. (InfluxDB keeps one
 * point per series and timestamp: a same-nanosecond pair is one point, not a loss.)
 */
export function streamLine(a: StreamAudit): string {
  const sameInstant = (n: number) => `${n} ${n === 1 ? 'was' : 'were'} timed to the same nanosecond as another request of their series (one point in InfluxDB)`;
  const then = a.backfill ? ` — once it answers: ${a.backfill}` : '';
  if (a.stored === null) {
    const waiting = a.written
      ? `; ${a.written} samples were written back from the run's spool before it stopped answering${then}`
      : a.samples
        ? `; nothing was written back, the run's ${a.samples} samples wait in its spool${then}`
        : '; results/ holds the full summary';
    return `plimsoll: warning: could not count what reached InfluxDB at ${a.url} (${a.error ?? a.reason})${waiting}`;
  }
  const head = a.lost === 0 ? `InfluxDB holds all ${a.expected} request samples of this run` : `InfluxDB holds ${a.stored} of ${a.expected} request samples of this run`;
  if (a.missing === undefined || a.missing === null) {
    // No spool to compare with (a verdict from InfluxDB, an older run): request samples only.
    if (a.lost === 0) return `plimsoll: ${head}`;
    if (a.lost === null) return `plimsoll: InfluxDB holds ${a.stored} request samples of this run; ${a.reason ?? 'how many k6 made is not known'}`;
    const maybe = a.lost <= a.expected / 10_000 ? ', or were timed to the same nanosecond as another request of their series (one point in InfluxDB)' : '';
    return `plimsoll: warning: ${head}: ${a.lost} were lost in the stream${maybe} (the summary and verdict count them all)${a.reason ? `; ${a.reason}` : ''}`;
  }
  const pairs = a.lost !== null && a.lost > 0 && a.stillMissing === 0 ? `: ${sameInstant(a.lost)}` : '';
  // The most lost first; among equals, the metrics people look at first.
  const first = ['http_reqs', 'http_req_duration', 'iterations'];
  const rank = (m: string) => (first.includes(m) ? first.indexOf(m) : first.length);
  const lostWhere = (a.metrics ?? [])
    .filter((m) => m.missing > 0)
    .sort((x, y) => y.missing - x.missing || rank(x.metric) - rank(y.metric) || x.metric.localeCompare(y.metric))
    .map((m) => `${m.metric} ${m.missing}`);
  const where = lostWhere.length > 3 ? `${lostWhere.slice(0, 3).join(', ')}, +${lostWhere.length - 3} metrics` : lostWhere.join(', ');
  if (a.stillMissing !== 0) {
    const still = a.stillMissing === null ? 'how many are still missing is not known' : `${a.stillMissing} still missing`;
    const lost = a.lost ? `: ${a.lost} ${a.lost === 1 ? 'was' : 'were'} lost in the stream` : '';
    return `plimsoll: warning: ${head}${lost}; the stream lost ${a.missing} of ${a.samples} samples (${where}), ${a.written} written back from the run's spool, ${still} (${a.reason ?? 'no reason known'})${a.backfill ? ` — to write them: ${a.backfill}` : ''}`;
  }
  if (a.missing === 0) return `plimsoll: ${head}${pairs}; the stream lost none of the ${a.samples} samples of ${a.metrics?.length ?? 0} metrics, nothing to write back`;
  return `plimsoll: ${head}${pairs}; the stream lost ${a.missing} of ${a.samples} samples (${where}): all ${a.written} written back from the run's spool`;
}

/** The end of a run for a person: traffic, measures, the SLA table, the baseline gate, the verdict line. */
export function consoleReport(data: SummaryData, verdict: Verdict, sla: Pick<RunSla, 'scope' | 'measures' | 'plan'>): string {
  const { scope } = sla;
  const value = (metric: string, key: string) => data.metrics[metric]?.values[key] ?? 0;
  const seconds = data.state.testRunDurationMs / 1000;
  const name = verdict.scenario !== verdict.profile ? `${verdict.scenario} (${verdict.profile})` : verdict.profile;
  const out: string[] = [
    '',
    `plimsoll · ${name} → ${verdict.target} · ${seconds.toFixed(1)}s · ${value('iterations', 'count')} iterations · ${value('http_reqs', 'count')} requests ` +
      `(${value('http_reqs', 'rate').toFixed(1)}/s) · ${value('dropped_iterations', 'count')} dropped iterations`,
  ];
  const head = ['requests', 'failed', 'p50', 'p95', 'p99', 'max'];
  const mix = scope.journeys && scope.journeys.length > 1 ? scope.journeys : [];
  for (const [title, tag, values, showIdle] of [['journey', 'journey', mix, true], ['step', 'name', scope.steps, true], ['phase', 'phase', scope.phases, false]] as const) {
    const rows = trafficRows(data, tag, values, showIdle);
    if (rows.length) out.push('', ...table([title, ...head], rows));
  }
  if (scope.flows?.length) out.push('', ...table(['flow', 'count', 'p50', 'p95', 'p99', 'max'], flowRows(data, scope.flows)));
  const own = Object.keys(scope.metrics ?? {});
  if (own.length) out.push('', ...table(['metric', 'value'], own.map((m) => metricRow(data, m))));
  if (verdict.measures.length) out.push('', `  measures: ${verdict.measures.map((m) => `${m.name} ${formatValue(m.value, m.unit)}`).join(' · ')}`);
  // The tier is what crossing a limit does, not the row's state: 'if crossed' says so for held rows too.
  const ifCrossed = { degraded: 'fails the run', critical: 'fails, aborts', break: 'stops the run' } as const;
  const slaRows = verdict.rows.map((r) => [`${r.ok ? '✓' : '✗'} ${r.metric}`, r.expression, formatObserved(r), r.ok ? 'held' : 'CROSSED', ifCrossed[r.tier]]);
  out.push('', ...table(['SLA', 'limit', 'observed', 'result', 'if crossed'], slaRows));
  if (verdict.regressions) {
    const gate = { passed: verdict.regressions.every((r) => r.ok), rows: verdict.regressions };
    out.push('', `plimsoll: against the baseline ${verdict.baseline!.file}`, '', comparisonTable(verdict.regressions), '', comparisonLine(gate));
  }
  // The run in one sentence, then the one line CI logs grep for.
  out.push('', storyOf(verdict, sla, data), runVerdictLine(verdict), '');
  return out.join('\n');
}
