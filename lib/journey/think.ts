// Think time: the pause a real user takes between steps. It is part of the user model, so TIME_SCALE never
// scales it; a journey declares its mean (`expect.think`) so the VU pool is sized for it.
import { sleep } from 'k6';
import { parseDuration } from '../config/duration';

const seconds = new Map<string, number>();

/** A duration ("1s", "500ms") or a number of seconds, in seconds; parsed once per distinct text. */
function toSeconds(d: string | number): number {
  if (typeof d === 'number') return d;
  let s = seconds.get(d);
  if (s === undefined) {
    const ms = parseDuration(d);
    if (ms === undefined) throw new Error(`think('${d}'): expected a duration like 500ms, 2s or 1m`);
    seconds.set(d, (s = ms / 1000));
  }
  return s;
}

/** Pause for `min`, or for a uniformly random time between `min` and `max`. */
export function think(min: string | number, max?: string | number): void {
  const lo = toSeconds(min);
  sleep(max === undefined ? lo : lo + Math.random() * (toSeconds(max) - lo));
}
