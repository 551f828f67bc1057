// Spike: warm up at RATE, surge fast to RATE×PEAK, hold, drop fast, then watch the service recover at RATE.
import { defineProfile } from './profile';
import { factorAbove1, positiveNumber } from '../config/settings';
import * as z from 'zod/mini';

export const spike = defineProfile({
  name: 'spike',
  params: { RATE: z.prefault(positiveNumber(), '10'), PEAK: z.prefault(factorAbove1(), '5') },
  plan: ({ RATE, PEAK }) => ({
    startRate: RATE,
    phases: [
      { name: 'warmup', durationMs: 60_000, target: RATE },
      { name: 'ramp', durationMs: 15_000, target: RATE * PEAK },
      { name: 'peak', durationMs: 90_000, target: RATE * PEAK },
      { name: 'drop', durationMs: 15_000, target: RATE },
      { name: 'recovery', durationMs: 120_000, target: RATE },
    ],
  }),
});
