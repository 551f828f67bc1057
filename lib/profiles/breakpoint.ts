// Breakpoint: the arrival rate ramps from RATE to MAX_RATE until an SLA breaks (then k6 stops the run);
// the capacity is the highest rate whose window met every global SLA limit.
import * as z from 'zod/mini';
import { defineProfile } from './profile';
import { positiveDuration, positiveInteger, positiveNumber } from '../config/settings';

export const breakpoint = defineProfile({
  name: 'breakpoint',
  maxDurationMs: 2 * 3_600_000,
  params: {
    RATE: z.prefault(positiveNumber(), '10'),
    MAX_RATE: z.prefault(positiveNumber(), '500'),
    DURATION: z.prefault(positiveDuration(), '10m'),
    WINDOWS: z.prefault(positiveInteger(), '20'),
  },
  plan: ({ RATE, MAX_RATE, DURATION, WINDOWS }) => ({
    startRate: RATE,
    phases: [{ name: 'ramp', durationMs: DURATION, target: MAX_RATE, windows: WINDOWS }],
  }),
  measures: [{ kind: 'capacity', phase: 'ramp' }],
  slaRole: 'breakpoint',
});
