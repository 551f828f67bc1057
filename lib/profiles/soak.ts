// Soak: RATE for a long DURATION, cut into windows — does latency or the error rate creep (drift)?
import { defineProfile } from './profile';
import { param } from '../config/params';

export const soak = defineProfile({
  name: 'soak',
  maxDurationMs: 24 * 3_600_000,
  params: {
    RATE: param('positiveNumber', '10'),
    DURATION: param('positiveDuration', '2h'),
    WINDOWS: param('positiveInteger', '10'),
  },
  plan: ({ RATE, DURATION, WINDOWS }) => ({ startRate: RATE, phases: [{ name: 'soak', durationMs: DURATION, target: RATE, windows: WINDOWS }] }),
  measures: [{ kind: 'drift', phase: 'soak' }],
});
