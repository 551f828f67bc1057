// Breakpoint: the arrival rate ramps from RATE to MAX_RATE until an SLA breaks (then k6 stops the run);
// the capacity is the highest rate whose window met every global SLA limit.
import { defineProfile } from './profile';
import { param } from '../config/params';

export const breakpoint = defineProfile({
  name: 'breakpoint',
  maxDurationMs: 2 * 3_600_000,
  params: {
    RATE: param('positiveNumber', '10'),
    MAX_RATE: param('positiveNumber', '500'),
    DURATION: param('positiveDuration', '10m'),
    WINDOWS: param('positiveInteger', '20'),
  },
  plan: ({ RATE, MAX_RATE, DURATION, WINDOWS }) => ({
    startRate: RATE,
    phases: [{ name: 'ramp', durationMs: DURATION, target: MAX_RATE, windows: WINDOWS }],
  }),
  measures: [{ kind: 'capacity', phase: 'ramp' }],
  slaRole: 'breakpoint',
});
