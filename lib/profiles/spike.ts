// Spike: warm up at RATE, surge fast to RATE×PEAK, hold, drop fast, then watch the service recover at RATE.
import { defineProfile } from './profile';
import { param } from '../config/params';

export const spike = defineProfile({
  name: 'spike',
  maxDurationMs: 30 * 60_000,
  params: { RATE: param('positiveNumber', '10'), PEAK: param('factorAbove1', '5') },
  plan: ({ RATE, PEAK }) => ({
    startRate: RATE,
    phases: [
      { name: 'warmup', durationMs: 60_000, target: RATE },
      { name: 'ramp', durationMs: 15_000, target: RATE * PEAK },
      { name: 'peak', durationMs: 90_000, target: RATE * PEAK },
      { name: 'drop', durationMs: 15_000, target: RATE },
      // Twelve windows of 10 s: recovery time is measured to the window where p95 is back to normal.
      { name: 'recovery', durationMs: 120_000, target: RATE, windows: 12 },
    ],
  }),
  measures: [
    { kind: 'degradation', from: 'warmup', to: 'peak' },
    // "Back to normal": p95 within 50 % of the warm-up p95.
    { kind: 'recovery', baseline: 'warmup', phase: 'recovery', tolerance: 0.5 },
  ],
});
