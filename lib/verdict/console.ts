// The end-of-run text: traffic per endpoint and per phase, the SLA table (crossed first), the verdict line.
import { formatObserved, formatValue, verdictLine, type SummaryData, type Verdict } from './verdict';
import type { SlaScope } from '../sla/thresholds';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

function trafficRows(data: SummaryData, tag: string, values: readonly string[]): string[][] {
  const rows: string[][] = [];
  for (const v of values) {
    const d = data.metrics[`http_req_duration{${tag}:${v}}`]?.values;
    const f = data.metrics[`http_req_failed{${tag}:${v}}`]?.values;
    if (!d) continue;
    const ms = (k: string) => `${(d[k] ?? 0).toFixed(1)}ms`;
    rows.push([v, String(d.count ?? 0), `${((f?.rate ?? 0) * 100).toFixed(2)}%`, ms('p(50)'), ms('p(95)'), ms('p(99)'), ms('max')]);
  }
  return rows;
}

export interface RunInfo {
  profile: string;
  target: string;
  testid?: string;
}

export function consoleReport(data: SummaryData, verdict: Verdict, scope: SlaScope, run: RunInfo): string {
  const value = (metric: string, key: string) => data.metrics[metric]?.values[key] ?? 0;
  const seconds = data.state.testRunDurationMs / 1000;
  const out: string[] = [
    '',
    `plimsoll · ${run.profile} → ${run.target} · ${seconds.toFixed(1)}s · ${value('http_reqs', 'count')} requests ` +
      `(${value('http_reqs', 'rate').toFixed(1)}/s) · ${value('dropped_iterations', 'count')} dropped iterations`,
  ];
  const head = ['', 'requests', 'failed', 'p50', 'p95', 'p99', 'max'];
  for (const [title, tag, values] of [['endpoint', 'name', scope.endpoints], ['phase', 'phase', scope.phases]] as const) {
    const rows = trafficRows(data, tag, values);
    if (rows.length) out.push('', ...table([title, ...head.slice(1)], rows));
  }
  if (verdict.measures.length) out.push('', `  measures: ${verdict.measures.map((m) => `${m.name} ${formatValue(m.value, m.unit)}`).join(' · ')}`);
  const slaRows = verdict.rows.map((r) => [`${r.ok ? '✓' : '✗'} ${r.metric}`, r.expression, formatObserved(r), r.tier, r.ok ? 'held' : 'CROSSED']);
  out.push('', ...table(['SLA', 'limit', 'observed', 'tier', 'result'], slaRows), '', verdictLine(verdict), '');
  return out.join('\n');
}
