// Sustained: an optional ramp-up (RAMP=0s for none), then RATE held for DURATION — does the SLA hold at expected load?
import * as z from 'zod/mini';
import { defineProfile } from './profile';
import { duration, positiveDuration, positiveNumber } from '../config/settings';

export const sustained = defineProfile({
  name: 'sustained',
  maxDurationMs: 4 * 3_600_000,
  params: {
    RATE: z.prefault(positiveNumber(), '10'),
    RAMP: z.prefault(duration(), '30s'),
    DURATION: z.prefault(positiveDuration(), '5m'),
  },
  plan: ({ RATE, RAMP, DURATION }) => ({
    startRate: RAMP > 0 ? 0 : RATE,
    phases: [...(RAMP > 0 ? [{ name: 'ramp', durationMs: RAMP, target: RATE }] : []), { name: 'steady', durationMs: DURATION, target: RATE }],
  }),
});
