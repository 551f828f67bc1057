// Baseline: a low constant arrival rate, short — the reference p50/p95/p99 and error rate per endpoint.
import * as z from 'zod/mini';
import { defineProfile } from './profile';
import { positiveDuration, positiveNumber } from '../config/settings';

export const baseline = defineProfile({
  name: 'baseline',
  maxDurationMs: 60 * 60_000,
  params: { RATE: z.prefault(positiveNumber(), '5'), DURATION: z.prefault(positiveDuration(), '1m') },
  plan: ({ RATE, DURATION }) => ({ startRate: RATE, phases: [{ name: 'baseline', durationMs: DURATION, target: RATE }] }),
});
