// Sustained: an optional ramp-up (RAMP=0s for none), then RATE held for DURATION — does the SLA hold at expected load?
import { defineProfile } from './profile';
import { param } from '../config/params';

export const sustained = defineProfile({
  name: 'sustained',
  maxDurationMs: 4 * 3_600_000,
  params: {
    RATE: param('positiveNumber', '10'),
    RAMP: param('duration', '30s'),
    DURATION: param('positiveDuration', '5m'),
  },
  plan: ({ RATE, RAMP, DURATION }) => ({
    startRate: RAMP > 0 ? 0 : RATE,
    phases: [...(RAMP > 0 ? [{ name: 'ramp', durationMs: RAMP, target: RATE }] : []), { name: 'steady', durationMs: DURATION, target: RATE }],
  }),
});
