// The metrics a run can produce, by k6 type: k6's own (HTTP, execution) and plimsoll's flow_duration. A
// threshold on anything else, or on a journey metric that was not declared, is a typo.
export const K6_METRICS = {
  http_reqs: 'counter',
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_sending: 'trend',
  http_req_waiting: 'trend',
  http_req_receiving: 'trend',
  checks: 'rate',
  iterations: 'counter',
  iteration_duration: 'trend',
  dropped_iterations: 'counter',
  vus: 'gauge',
  vus_max: 'gauge',
  data_sent: 'counter',
  data_received: 'counter',
  /** Every flow's duration (lib/journey/session.ts), tagged `flow`. */
  flow_duration: 'trend',
} as const;

export type K6Metric = keyof typeof K6_METRICS;
export const KNOWN_METRICS = Object.keys(K6_METRICS) as K6Metric[];

/** A threshold key on metric `Base`: the metric itself, or a sub-metric `Base{tag:value,…}`. */
export type MetricKey<Base extends string> = Base | `${Base}{${string}}`;

/** The metric carrying every flow's duration (Session.flow), tagged `flow:<name>`. */
export const FLOW_METRIC: K6Metric = 'flow_duration';

/** The run's global SLA limits as samples (tag `limit`: p50, p90, p95, p99, max in ms; failRate a fraction), for live dashboards. */
export const SLA_METRIC = 'plimsoll_sla';
