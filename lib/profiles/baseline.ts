// Baseline: a low constant arrival rate, short — the reference p50/p95/p99 and error rate per endpoint.
import { defineProfile } from './profile';
import { param } from '../config/params';

export const baseline = defineProfile({
  name: 'baseline',
  maxDurationMs: 60 * 60_000,
  params: { RATE: param('positiveNumber', '5'), DURATION: param('positiveDuration', '1m') },
  plan: ({ RATE, DURATION }) => ({ startRate: RATE, phases: [{ name: 'baseline', durationMs: DURATION, target: RATE }] }),
});
