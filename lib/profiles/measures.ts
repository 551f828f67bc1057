// Derived measures: what a profile answers beyond raw thresholds — how much a spike degraded the
// service and how fast it recovered, whether a soak drifted, where a breakpoint found capacity.
// Computed from the phase and window sub-metrics in k6's summary data; pure.
import type { SummaryData } from '../wire/summary';
import type { MeasureSpec, Plan, WindowLimits } from '../wire/run-sla';
import type { Measure, MeasureName } from '../wire/verdict';

export type { Measure, MeasureName, MeasureSpec, WindowLimits };

const p95 = (data: SummaryData, selector: string) => data.metrics[`http_req_duration{${selector}}`]?.values['p(95)'];
const failRate = (data: SummaryData, selector: string) => data.metrics[`http_req_failed{${selector}}`]?.values.rate;

/** Windows of a phase in order, with the arrival rate at each window's end and its duration. */
function windowsOf(plan: Plan, phase: string) {
  const out: { name: string; rateAtEnd: number; durationMs: number }[] = [];
  let rate = plan.startRate;
  for (const p of plan.phases) {
    const n = p.windows ?? 0;
    if (p.name === phase) {
      for (let i = 1; i <= n; i++) out.push({ name: `${p.name}-${i}`, rateAtEnd: rate + ((p.target - rate) * i) / n, durationMs: p.durationMs / n });
    }
    rate = p.target;
  }
  return out;
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? null : a / b);

export function computeMeasures(specs: readonly MeasureSpec[], data: SummaryData, plan: Plan, limits: WindowLimits): Measure[] {
  const out: Measure[] = [];
  for (const spec of specs) {
    switch (spec.kind) {
      case 'degradation':
        out.push({ name: 'degradation', unit: 'ratio', value: ratio(p95(data, `phase:${spec.to}`), p95(data, `phase:${spec.from}`)) });
        break;
      case 'recovery': {
        const base = p95(data, `phase:${spec.baseline}`);
        const windows = windowsOf(plan, spec.phase);
        let value: number | null = null;
        if (base !== undefined && windows.length) {
          const within = windows.map((w) => (p95(data, `window:${w.name}`) ?? Infinity) <= base * (1 + spec.tolerance));
          // Recovered from the first window after which every window stays within tolerance.
          let first = windows.length;
          while (first > 0 && within[first - 1]) first--;
          value = first === windows.length ? Infinity : first * windows[0]!.durationMs;
        }
        out.push({ name: 'recovery', unit: 'ms', value });
        break;
      }
      case 'drift': {
        const windows = windowsOf(plan, spec.phase);
        const [first, last] = [windows[0]?.name, windows[windows.length - 1]?.name];
        out.push({ name: 'drift', unit: 'ratio', value: first && last ? ratio(p95(data, `window:${last}`), p95(data, `window:${first}`)) : null });
        const [f0, f1] = [first && failRate(data, `window:${first}`), last && failRate(data, `window:${last}`)];
        out.push({ name: 'errorDrift', unit: 'fraction', value: typeof f0 === 'number' && typeof f1 === 'number' ? f1 - f0 : null });
        break;
      }
      case 'capacity': {
        let best = 0;
        for (const w of windowsOf(plan, spec.phase)) {
          const d = data.metrics[`http_req_duration{window:${w.name}}`]?.values;
          if (!d) break;
          const fr = failRate(data, `window:${w.name}`) ?? 0;
          const met = limits.latency.every((l) => (d[l.stat] ?? Infinity) < l.below) && (limits.failRateBelow === undefined || fr < limits.failRateBelow);
          if (!met) break;
          best = w.rateAtEnd;
        }
        out.push({ name: 'capacity', unit: 'per_s', value: best });
        break;
      }
    }
  }
  return out;
}
