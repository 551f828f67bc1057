// Stress: STEPS steps of 1×, 2×, … RATE, each reached in a short ramp and held — where does the service bend?
import { defineProfile } from './profile';
import { param } from '../config/params';

const STEP_RAMP_MS = 10_000;

export const stress = defineProfile({
  name: 'stress',
  maxDurationMs: 4 * 3_600_000,
  params: {
    RATE: param('positiveNumber', '10'),
    STEPS: param('positiveInteger', '4'),
    STEP_DURATION: param('positiveDuration', '2m'),
  },
  plan: ({ RATE, STEPS, STEP_DURATION }) => ({
    startRate: RATE,
    // A step's ramp and hold share its name: the phase tag is the step.
    phases: Array.from({ length: STEPS }, (_, i) => [
      { name: `step-${i + 1}`, durationMs: STEP_RAMP_MS, target: RATE * (i + 1) },
      { name: `step-${i + 1}`, durationMs: STEP_DURATION, target: RATE * (i + 1) },
    ]).flat(),
  }),
});
