// The metrics a run can produce, by k6 type: k6's own (HTTP, execution) and plimsoll's flow_duration. A
// threshold on anything else, or on a journey metric that was not declared, is a typo.
const counter = { type: 'counter', contains: 'default' } as const;
const rate = { type: 'rate', contains: 'default' } as const;
const gauge = { type: 'gauge', contains: 'default' } as const;
const time = { type: 'trend', contains: 'time' } as const;
const data = { type: 'counter', contains: 'data' } as const;

export const K6_METRICS = {
  http_reqs: counter,
  http_req_duration: time,
  http_req_failed: rate,
  http_req_blocked: time,
  http_req_connecting: time,
  http_req_tls_handshaking: time,
  http_req_sending: time,
  http_req_waiting: time,
  http_req_receiving: time,
  checks: rate,
  iterations: counter,
  iteration_duration: time,
  dropped_iterations: counter,
  vus: gauge,
  vus_max: gauge,
  data_sent: data,
  data_received: data,
  /** Every flow's duration (lib/journey/session.ts), tagged `flow`. */
  flow_duration: time,
} as const;

export type K6Metric = keyof typeof K6_METRICS;
// Pure: a VU bundle that imports only FLOW_METRIC or SLA_METRIC leaves this list (and Object.keys) out.
export const KNOWN_METRICS = /* @__PURE__ */ Object.keys(K6_METRICS) as K6Metric[];

/** A threshold key on metric `Base`: the metric itself, or a sub-metric `Base{tag:value,…}`. */
export type MetricKey<Base extends string> = Base | `${Base}{${string}}`;

/** The metric carrying every flow's duration (Session.flow), tagged `flow:<name>`. */
export const FLOW_METRIC: K6Metric = 'flow_duration';

/** The run's global SLA limits as samples (tag `limit`: p50, p90, p95, p99, max in ms; failRate a fraction), for live dashboards. */
export const SLA_METRIC = 'plimsoll_sla';
