// How numbers and tables read in every text plimsoll prints or writes (console, JUnit, the baseline gate):
// one place, so a latency or a share looks the same wherever it appears. Pure.
import type { Unit } from '../wire/verdict';

export const ms = (v: number) => `${v.toFixed(1)}ms`;
export const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return 'no samples';
  if (value === Infinity) return 'never';
  switch (unit) {
    case 'ms':
      return ms(value);
    case 'fraction':
      return pct(value);
    case 'per_s':
      return `${value.toFixed(2)}/s`;
    case 'ratio':
      return `${value.toFixed(2)}x`;
    case 'count':
      return String(value);
    case 'value':
      return String(Math.round(value * 100) / 100);
  }
}

// Widths count code points, so ✓ and → take one column.
const width = (s: string) => [...s].length;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

/** An aligned text table, indented two spaces: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => ('  ' + cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join('  ')).trimEnd();
  return [line(header), ...rows.map(line)];
}
