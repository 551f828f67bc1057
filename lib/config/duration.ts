// Go-style durations, as k6 writes them: "500ms", "30s", "1m30s", "1.5h".

// A hand-written scanner, not a RegExp: think() parses durations inside every VU, and k6's JS engine
// builds RegExp (its constructor, prototype and the string methods behind it) in each VU that touches one.
// One function, digits and units tested inline: each function or object here is memory in every VU.

/** Milliseconds for a Go-style duration (one or more `<digits>[.<digits>](ms|s|m|h)`), or undefined when the text is not one. */
export const parseDuration = (text: string): number | undefined => {
  const n = text.length;
  if (n === 0) return undefined;
  let ms = 0;
  let i = 0;
  while (i < n) {
    let whole = 0;
    const from = i;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) whole = whole * 10 + (c - 48);
    if (i === from) return undefined;
    let amount = whole;
    if (text[i] === '.') {
      let fraction = 0;
      let scale = 1;
      const dot = ++i;
      for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
        fraction = fraction * 10 + (c - 48);
        scale *= 10;
      }
      if (i === dot) return undefined;
      amount = (whole * scale + fraction) / scale;
    }
    const unit = text[i];
    if (unit === 'm' && text[i + 1] === 's') {
      ms += amount;
      i += 2;
    } else if (unit === 's' || unit === 'm' || unit === 'h') {
      ms += amount * (unit === 's' ? 1_000 : unit === 'm' ? 60_000 : 3_600_000);
      i += 1;
    } else return undefined;
  }
  return ms;
};

/** A k6 duration string for a whole number of milliseconds ("1m30s", "250ms", "0s"). */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms);
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]] as const) {
    const whole = Math.floor(rest / size);
    if (whole > 0) out += `${whole}${unit}`;
    rest -= whole * size;
  }
  return out;
}
