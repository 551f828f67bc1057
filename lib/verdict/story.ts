// The run in one sentence, for the report's header (and later the console): what the profile's measures
// found — how far p95 rose in a spike and when it came back, whether a soak drifted, where a breakpoint
// found capacity — and what the verdict decided. Pure: verdict.json and sla.json in, a sentence out.
import { formatObserved } from './verdict';
import type { Verdict, Measure } from '../wire/verdict';
import type { RunSla } from '../wire/run-sla';
import type { SummaryData } from '../wire/summary';

/** What storyOf needs of sla.json. */
export type StorySla = Pick<RunSla, 'measures' | 'plan'>;
/** What storyOf needs of verdict.json. */
export type StoryVerdict = Pick<Verdict, 'passed' | 'iterations' | 'health' | 'rows' | 'measures'> & Partial<Pick<Verdict, 'interrupted' | 'regressions'>>;

const PHASE_WORDS: Record<string, string> = { warmup: 'warm-up' };
const phaseWord = (name: string) => PHASE_WORDS[name] ?? name;

/** 12 s, 1 min 30 s, 1 h 5 min: a duration as a person says it. */
export function spokenDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? +s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) {
    const rest = Math.round(s - m * 60);
    return rest ? `${m} min ${rest} s` : `${m} min`;
  }
  const h = Math.floor(m / 60);
  return m - h * 60 ? `${h} h ${m - h * 60} min` : `${h} h`;
}

const times = (r: number) => `${r >= 10 ? Math.round(r) : +r.toFixed(2)}×`;
const measure = (v: StoryVerdict, name: Measure['name']) => v.measures.find((m) => m.name === name);
const percent = (f: number) => `${+(f * 100).toFixed(f < 0.01 ? 2 : 1)} %`;

function spikeClause(v: StoryVerdict, sla: StorySla, summary?: SummaryData): string | undefined {
  const deg = sla.measures.find((m) => m.kind === 'degradation');
  const rec = sla.measures.find((m) => m.kind === 'recovery');
  const parts: string[] = [];
  const d = measure(v, 'degradation');
  if (deg && d) {
    const [from, to] = [phaseWord(deg.from), phaseWord(deg.to)];
    if (d.value === null) parts.push(`p95 could not be compared between ${from} and ${to} (one of them had no requests)`);
    else if (d.value >= 1.1) parts.push(`p95 rose ${times(d.value)} from ${from} to ${to}`);
    else if (d.value >= 0.9) parts.push(`p95 held steady from ${from} to ${to} (${times(d.value)})`);
    else parts.push(`p95 fell to ${times(d.value)} of ${from} during ${to}`);
  }
  const r = measure(v, 'recovery');
  if (rec && r) {
    const normal = `within ${Math.round(rec.tolerance * 100)} % of ${phaseWord(rec.baseline)}`;
    const subject = parts.length ? '' : 'p95 ';
    // verdict.json writes "never" (Infinity) as null: the summary tells never from not measured.
    const ranRecovery = summary ? (summary.metrics[`http_req_duration{phase:${rec.phase}}`]?.values.count ?? 0) > 0 : undefined;
    if (r.value === null && ranRecovery === false) parts.push(`${subject}recovery could not be measured: the ${phaseWord(rec.phase)} phase had no requests`);
    else if (r.value === null || r.value === Infinity) parts.push(`${subject}was not back ${normal} by the end of the ${phaseWord(rec.phase)}`);
    else if (r.value === 0) parts.push(`${subject}was back ${normal} as soon as the load dropped`);
    else parts.push(`${subject}came back ${normal} ${spokenDuration(r.value)} into the ${phaseWord(rec.phase)}`);
  }
  if (!parts.length) return undefined;
  return parts.length === 2 ? `${parts[0]} and ${parts[1]}` : parts[0];
}

function driftClause(v: StoryVerdict, sla: StorySla): string | undefined {
  const spec = sla.measures.find((m) => m.kind === 'drift');
  const d = measure(v, 'drift');
  if (!spec || !d) return undefined;
  const where = `from the first to the last ${phaseWord(spec.phase)} window`;
  let clause =
    d.value === null
      ? `drift could not be measured (a ${phaseWord(spec.phase)} window had no requests)`
      : d.value >= 1.1
        ? `p95 drifted ${times(d.value)} ${where}`
        : d.value <= 0.9
          ? `p95 fell to ${times(d.value)} ${where}`
          : `p95 held steady ${where} (${times(d.value)})`;
  const e = measure(v, 'errorDrift');
  if (e && e.value !== null && d.value !== null) {
    const points = e.value * 100;
    clause += Math.abs(points) < 0.005 ? ' and the failed share did not change' : ` and the failed share ${points > 0 ? 'rose' : 'fell'} ${Math.abs(points).toFixed(2)} points`;
  }
  return clause;
}

function capacityClause(v: StoryVerdict, sla: StorySla): string | undefined {
  const spec = sla.measures.find((m) => m.kind === 'capacity');
  const c = measure(v, 'capacity');
  if (!spec || !c) return undefined;
  if (c.value === null) return 'capacity could not be measured';
  if (c.value === 0) return `no ${phaseWord(spec.phase)} window kept every global SLA limit, so capacity lies below the first window's rate`;
  return `capacity is ${+c.value.toFixed(2)} iterations/s: the highest rate whose window kept every global SLA limit`;
}

/** p95 and failures over the run, from the verdict's rows, for profiles without measures. */
function plainClause(v: StoryVerdict): string | undefined {
  const p95 = v.rows.find((r) => r.metric === 'http_req_duration' && /^p\(95\)/.test(r.expression));
  const failed = v.rows.find((r) => r.metric === 'http_req_failed' && /^rate/.test(r.expression));
  const parts: string[] = [];
  if (p95 && p95.observed !== null) parts.push(`p95 was ${formatObserved(p95)} over the run`);
  if (failed && failed.observed !== null) parts.push(`${percent(failed.observed)} of requests failed`);
  return parts.length ? parts.join(' and ') : undefined;
}

function verdictClause(v: StoryVerdict): string {
  const gates = v.rows.filter((r) => r.tier !== 'break');
  const crossed = gates.filter((r) => !r.ok);
  const regressed = (v.regressions ?? []).filter((r) => !r.ok).length;
  const parts: string[] = [];
  const stops = v.rows.filter((r) => r.tier === 'break' && !r.ok);
  if (gates.length === 0) parts.push(stops.length ? `the run stopped where ${stops.map((r) => `${r.metric} ${r.expression}`).join(' and ')} was crossed, as a breakpoint does` : 'no SLA limit gated the verdict');
  else if (crossed.length === 0) parts.push(gates.length === 1 ? 'the one SLA limit held' : `all ${gates.length} SLA limits held`);
  else {
    const named = crossed.slice(0, 2).map((r) => `${r.metric} ${r.expression} at ${formatObserved(r)}`);
    const more = crossed.length > 2 ? ` and ${crossed.length - 2} more` : '';
    parts.push(`${crossed.length} of ${gates.length} SLA limits ${crossed.length === 1 ? 'was' : 'were'} crossed (${named.join(', ')}${more})${v.health === 'critical' ? ', one of them critical' : ''}`);
  }
  if (regressed) parts.push(`${regressed} baseline comparison${regressed === 1 ? '' : 's'} regressed`);
  return parts.join(' and ');
}

/**
 * One sentence on the run, e.g. "p95 rose 6× from warm-up to peak and came back within 50 % of warm-up
 * 12 s into the recovery; all 2 SLA limits held." `summary` (optional) tells a recovery that never came
 * from one that could not be measured: verdict.json writes both as null.
 */
export function storyOf(verdict: StoryVerdict, sla: StorySla, summary?: SummaryData): string {
  if (verdict.iterations === 0) return 'The run completed no iteration, so nothing was measured.';
  const shape = spikeClause(verdict, sla, summary) ?? driftClause(verdict, sla) ?? capacityClause(verdict, sla) ?? plainClause(verdict);
  const interrupted = verdict.interrupted ? `the run was interrupted (${verdict.interrupted}), so it measured only part of its plan; ` : '';
  const sentence = `${interrupted}${shape ? `${shape}; ` : ''}${verdictClause(verdict)}.`;
  // "p95 rose …" keeps the metric's own spelling; anything else starts with a capital.
  return /^p\d/.test(sentence) ? sentence : sentence[0]!.toUpperCase() + sentence.slice(1);
}
