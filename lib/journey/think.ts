// Think time: the pause a real user takes between steps. It is part of the user model, so TIME_SCALE never
// scales it; a journey declares its mean (`expect.think`) so the VU pool is sized for it.
// Every VU runs this: no Map cache and no RegExp (k6's engine builds each JS built-in per VU on first use);
// parsing "500ms" by hand costs less than a lookup would.
import { sleep } from 'k6';
import { parseDuration } from '../config/duration';

/** A duration ("1s", "500ms") or a number of seconds, in seconds. */
const toSeconds = (d: string | number): number => {
  if (typeof d === 'number') return d;
  const ms = parseDuration(d);
  if (ms === undefined) throw new Error(`think('${d}'): expected a duration like 500ms, 2s or 1m`);
  return ms / 1000;
};

/** Pause for `min`, or for a uniformly random time between `min` and `max`. */
export const think = (min: string | number, max?: string | number): void => {
  const lo = toSeconds(min);
  sleep(max === undefined ? lo : lo + Math.random() * (toSeconds(max) - lo));
};
