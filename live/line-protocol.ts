// A k6 sample as k6's InfluxDB output (internal/output/influxdb, on influxdata/influxdb1-client) turns it into
// an InfluxDB 1.x point, so a point written back from the spool is the very point k6 would have written:
// - measurement: the metric name;
// - tags: the sample's tags, less those named in K6_INFLUXDB_TAGS_AS_FIELDS, and less any tag with an empty
//   value (the client's series key skips them: models.Tags.AppendHashKey);
// - fields: `value` (a float), plus each tag named in TAGS_AS_FIELDS that the sample carries, converted to
//   its declared kind (`vu:int` → 12i; a value that does not parse stays a string, as k6 does);
// - timestamp: the sample's time in nanoseconds (k6 sets no precision, so the client writes ns).
// k6's CSV output holds the same tags (vu and iter are metadata in k6 v2, in neither place) and the same
// nanosecond timestamps (K6_CSV_TIME_FORMAT=unix_nano), so series key + timestamp — what InfluxDB 1.x keeps
// one point for — match exactly. Only the value differs in its last digits: k6's CSV writes it with %f
// (6 decimals). Healing therefore writes only the points InfluxDB lacks; a rewrite of a present point would
// round its value to a millionth (a nanosecond, for durations in ms).

export type FieldKind = 'string' | 'int' | 'float' | 'bool';

/** K6_INFLUXDB_TAGS_AS_FIELDS (`vu:int,iter:int,url`) → tag → field kind; a bare name is a string field. */
export function parseTagsAsFields(spec: string): Map<string, FieldKind> {
  const kinds = new Map<string, FieldKind>();
  for (const item of spec.split(',')) {
    const [name, kind = 'string'] = item.trim().split(':');
    if (!name) continue;
    if (!['string', 'int', 'float', 'bool'].includes(kind)) throw new Error(`K6_INFLUXDB_TAGS_AS_FIELDS: '${item}' has an unknown kind (expected string, int, float or bool)`);
    kinds.set(name, kind as FieldKind);
  }
  return kinds;
}

// Line protocol escaping, as influxdb1-client's models package escapes (measurementEscapeCodes, tagEscapeCodes,
// EscapeStringField).
const escapeMeasurement = (s: string) => s.replace(/[, ]/g, '\\$&');
const escapeTag = (s: string) => s.replace(/[,= ]/g, '\\$&');
const escapeString = (s: string) => s.replace(/[\\"]/g, '\\$&');

/** InfluxDB's series key of a point: the escaped measurement and its non-empty tags, sorted by key. */
export function seriesKey(measurement: string, tags: Record<string, string>, skip?: ReadonlyMap<string, unknown>): string {
  let key = escapeMeasurement(measurement);
  for (const name of Object.keys(tags).sort()) {
    const value = tags[name]!;
    if (value === '' || skip?.has(name)) continue;
    key += `,${escapeTag(name)}=${escapeTag(value)}`;
  }
  return key;
}

// Go's strconv.ParseBool.
const BOOLS: Record<string, boolean> = { 1: true, t: true, T: true, TRUE: true, true: true, True: true, 0: false, f: false, F: false, FALSE: false, false: false, False: false };

function fieldValue(value: string, kind: FieldKind): string {
  const asString = `"${escapeString(value)}"`;
  switch (kind) {
    case 'int':
      return /^[+-]?\d+$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n ? `${BigInt(value)}i` : asString;
    case 'float':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? String(Number(value)) : asString;
    case 'bool':
      return value in BOOLS ? String(BOOLS[value]) : asString;
    default:
      return asString;
  }
}

/** `value` as k6's CSV wrote it (%f): a finite decimal, written as a float field; anything else cannot be a point (k6 drops it too). */
export const writableValue = (value: string) => /^-?\d+(\.\d+)?$/.test(value);

/** The fields k6 makes of a sample's tags (TAGS_AS_FIELDS), as they follow `value=…` in its line: `,url="…",vu=3i`. */
export function tagFields(tags: Record<string, string>, fieldKinds: ReadonlyMap<string, FieldKind>): string {
  let fields = '';
  for (const [name, kind] of fieldKinds) {
    const v = tags[name];
    if (v !== undefined && v !== '') fields += `,${escapeTag(name)}=${fieldValue(v, kind)}`;
  }
  return fields;
}

/**
 * One line of line protocol for a spooled sample, as k6's InfluxDB output would have written it: `series` from
 * seriesKey(metric, tags, fieldKinds), `value` the CSV's own text, `fields` from tagFields, `ns` the CSV's
 * unix_nano timestamp.
 */
export const pointLine = (series: string, value: string, fields: string, ns: string) => `${series} value=${value}${fields} ${ns}`;

/** InfluxDB's RFC3339 time (`2026-01-02T03:04:05.123456789Z`, trailing zeros trimmed) → exact nanoseconds since the epoch, as a string. */
export function rfc3339ToNs(time: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (!m) throw new Error(`InfluxDB returned a time '${time}' that is not RFC3339`);
  const seconds = Date.parse(`${m[1]}Z`) / 1000;
  return (BigInt(seconds) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'))).toString();
}

/** The whole second a nanosecond timestamp falls in (InfluxDB's GROUP BY time(1s) bucket). */
export const secondOf = (ns: string) => (ns.length > 9 ? Number(ns.slice(0, -9)) : 0);
