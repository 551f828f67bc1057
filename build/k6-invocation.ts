// What `make <profile>` hands k6 beyond the script: outputs (InfluxDB, the web dashboard's HTML report)
// as k6 flags and K6_* variables. Pure, so tests check it without running k6.

export const DEFAULT_INFLUX_URL = 'http://127.0.0.1:8086/k6';
const INFLUX_URL_SHAPE = /^https?:\/\/[^\s/?#@]+:\d{1,5}\/[A-Za-z0-9_-]+$/;

/** k6's InfluxDB output, tuned for bounded cardinality: per-request values that vary go to fields, not tags. */
const INFLUX_DEFAULTS = {
  K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,iter:int,url',
  K6_INFLUXDB_PUSH_INTERVAL: '1s',
  K6_INFLUXDB_CONCURRENT_WRITES: '4',
};

export type Invocation = { ok: true; args: string[]; env: Record<string, string>; influxUrl?: string } | { ok: false; error: string };

export function k6Invocation(script: string, env: Record<string, string | undefined>, resultsDir: string): Invocation {
  // k6's REST API on a free loopback port: runs side by side (shards, CI jobs) must not collide on 6565.
  const args = ['run', '--address', '127.0.0.1:0', script];
  const extra: Record<string, string> = {
    // The web dashboard always exports its HTML report; it serves live (on loopback only) with DASHBOARD=1.
    K6_WEB_DASHBOARD: 'true',
    K6_WEB_DASHBOARD_HOST: '127.0.0.1',
    K6_WEB_DASHBOARD_PORT: env.DASHBOARD === '1' ? env.K6_WEB_DASHBOARD_PORT || '5665' : '-1',
    // The report is built from periodic snapshots: a run shorter than one period would export nothing.
    K6_WEB_DASHBOARD_PERIOD: env.K6_WEB_DASHBOARD_PERIOD || '1s',
    K6_WEB_DASHBOARD_EXPORT: `${resultsDir}/report.html`,
  };
  if (env.DASHBOARD && env.DASHBOARD !== '1' && env.DASHBOARD !== '0') return { ok: false, error: `DASHBOARD='${env.DASHBOARD}' is not valid: expected 1 (serve the live dashboard) or 0` };
  const out = env.OUT ?? '';
  let influxUrl: string | undefined;
  if (out === 'influxdb') {
    const url = (influxUrl = env.INFLUX_URL || DEFAULT_INFLUX_URL);
    if (!INFLUX_URL_SHAPE.test(url)) return { ok: false, error: `INFLUX_URL='${url}' is not valid: expected http://host:port/database, e.g. ${DEFAULT_INFLUX_URL}` };
    args.push('--out', `influxdb=${url}`);
    for (const [k, v] of Object.entries(INFLUX_DEFAULTS)) extra[k] = env[k] || v;
  } else if (out !== '') {
    return { ok: false, error: `OUT='${out}' is not valid: expected influxdb, or nothing for no streaming output` };
  }
  return { ok: true, args, env: extra, influxUrl };
}
