// Soak: RATE for a long DURATION, cut into windows — does latency or the error rate creep (drift)?
import * as z from 'zod/mini';
import { defineProfile } from './profile';
import { positiveDuration, positiveInteger, positiveNumber } from '../config/settings';

export const soak = defineProfile({
  name: 'soak',
  maxDurationMs: 24 * 3_600_000,
  params: {
    RATE: z.prefault(positiveNumber(), '10'),
    DURATION: z.prefault(positiveDuration(), '2h'),
    WINDOWS: z.prefault(positiveInteger(), '10'),
  },
  plan: ({ RATE, DURATION, WINDOWS }) => ({ startRate: RATE, phases: [{ name: 'soak', durationMs: DURATION, target: RATE, windows: WINDOWS }] }),
  measures: [{ kind: 'drift', phase: 'soak' }],
});
