// The Grafana side without Grafana: committed dashboards are what the generator makes and conform to
// Grafana's own Dashboard type (a JSON schema generated from @grafana/schema, checked with ajv); the
// provisioning YAML has what Grafana requires; `docker compose config` accepts docker-compose.yml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { parse } from 'yaml';
import { allDashboards } from '../live/dashboards/dashboards';
import { DATASOURCE } from '../live/dashboards/influxql';
import { SLA_METRIC } from '../lib/sla/metrics';

const DIR = 'grafana/dashboards';
const committed = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, f), 'utf8'))]),
);

// Grafana's Dashboard type with annotation targets typed as InfluxQL queries (see ProvisionedDashboard).
const schema = createGenerator({
  path: 'live/dashboards/grafana.ts',
  type: 'ProvisionedDashboard',
  tsconfig: 'tsconfig.node.json',
  skipTypeCheck: true,
  expose: 'none',
  jsDoc: 'none',
}).createSchema('ProvisionedDashboard');
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

type Json = Record<string, any>;
const panelsOf = (d: Json): Json[] => (d.panels ?? []).filter((p: Json) => p.type !== 'row');

/** A run's SLA limit query: one limit of the run a variable names, from its own plimsoll_sla samples. */
const SLA_QUERY = new RegExp(
  `^SELECT last\\("value"\\) \\* 0 AS "within", last\\("value"\\) AS "limit" FROM "${SLA_METRIC}" WHERE "testid" =~ /\\^\\$(testid|testid_a|testid_b)\\$/ AND "limit" = '(p50|p90|p95|p99|max|failRate)'$`,
);

/**
 * The SLA lines of a panel as Grafana would apply them: each configFromData transformation with the query it
 * reads its row from (a table-format target of the same panel), the limit and run that query names, the
 * threshold steps it maps (column → colour) and the field it colours.
 */
function slaLinesOf(p: Json) {
  return (p.transformations ?? [])
    .filter((t: Json) => t.id === 'configFromData')
    .map((t: Json) => {
      const source = p.targets.filter((x: Json) => x.refId === t.options.configRefId);
      assert.equal(source.length, 1, `${p.title}: one query ${t.options.configRefId}`);
      assert.equal(source[0].resultFormat, 'table', `${p.title}: the limit query is one row (table), not one frame per column`);
      const [, run, limit] = SLA_QUERY.exec(source[0].query) ?? assert.fail(`${p.title}: ${source[0].query} is not a run's SLA limit query`);
      const steps = t.options.mappings.map((m: Json) => (assert.equal(m.handlerKey, 'threshold1'), `${m.fieldName}:${m.handlerArguments.threshold.color}`));
      return { limit, run, steps, field: t.options.applyTo?.options as string | undefined };
    });
}

test('the committed dashboard JSON is exactly what `make dashboards` generates', () => {
  const generated = allDashboards();
  assert.deepEqual(Object.keys(committed).sort(), Object.keys(generated).sort());
  for (const [name, d] of Object.entries(generated)) {
    assert.equal(readFileSync(join(DIR, `${name}.json`), 'utf8'), JSON.stringify(d, null, 2) + '\n', `${name}.json is stale: run make dashboards`);
  }
});

test("every dashboard validates against the JSON schema of Grafana's Dashboard type", () => {
  assert.ok(JSON.stringify(schema).includes('schemaVersion'), 'the schema describes a dashboard');
  for (const [name, d] of Object.entries(committed)) {
    assert.ok(validate(d), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('the schema check bites: broken dashboards are refused', () => {
  const broken = (mutate: (d: Json) => void) => {
    const d = structuredClone(committed['run-overview']);
    mutate(d);
    return validate(d);
  };
  assert.equal(broken((d) => delete d.schemaVersion), false, 'missing schemaVersion');
  assert.equal(broken((d) => (d.panels[1].gridPos = { w: 'wide' })), false, 'bad gridPos');
  assert.equal(broken((d) => (d.templating.list[0].type = 'sql')), false, 'unknown variable type');
  assert.equal(broken((d) => (d.refreshRate = '5s')), false, 'unknown dashboard property');
  assert.equal(broken((d) => (d.annotations.list[1].target.query = 42)), false, 'annotation query not a string');
  assert.equal(broken((d) => (d.templating.list.find((v: Json) => v.name === 'journey').allValue = 42)), false, "a variable's allValue not a string");
});

test("run overview: the required panels, the run's own SLA lines, variables, annotations, 5 s refresh", () => {
  const d = committed['run-overview'];
  const titles = panelsOf(d).map((p) => p.title);
  for (const title of ['Request rate', 'Active VUs', 'Iterations', 'Dropped iterations', 'Failed-request rate', 'Check pass rate', 'Data sent and received', 'Latency p50', 'Latency p95', 'Latency p99']) {
    assert.ok(titles.includes(title), `panel ${title}`);
  }
  const panel = (title: string, type: string) => panelsOf(d).find((x) => x.title === title && x.type === type)!;
  // A time series: a dashed line at the selected run's limit, and no green step (a line at 0).
  for (const [title, limit] of [['Latency p95', 'p95'], ['Failed-request rate', 'failRate']]) {
    const p = panel(title!, 'timeseries');
    assert.equal(p.fieldConfig.defaults.custom.thresholdsStyle.mode, 'dashed', `${title} draws its threshold`);
    assert.deepEqual(slaLinesOf(p), [{ limit, run: 'testid', steps: ['limit:red'], field: undefined }], title);
  }
  // A stat: green from 0 within the limit, red at it.
  assert.deepEqual(slaLinesOf(panel('p95 latency', 'stat')), [{ limit: 'p95', run: 'testid', steps: ['within:green', 'limit:red'], field: undefined }]);
  assert.deepEqual(d.templating.list.map((v: Json) => v.name), ['scenario', 'profile', 'testid', 'journey', 'step']);
  assert.match(d.templating.list[2].query, /WHERE "scenario" =~ \/\^\$scenario\$\/ AND "profile" =~ \/\^\$profile\$\//, 'scenario and profile narrow the runs offered');
  assert.deepEqual(d.annotations.list.map((a: Json) => a.name), ['Annotations & Alerts', 'Phases', 'Run start', 'Run end']);
  assert.equal(d.refresh, '5s');
  assert.ok(panelsOf(committed['per-endpoint']).some((p) => p.type === 'table' && p.targets.length >= 3), 'per-step table');
  assert.deepEqual(committed['run-comparison'].templating.list.map((v: Json) => v.name), ['testid_a', 'testid_b']);
});

test("no constant limits: every threshold beyond the neutral base comes from a run's plimsoll_sla samples", () => {
  const sources = readdirSync('live/dashboards').map((f) => readFileSync(join('live/dashboards', f), 'utf8'));
  assert.ok(!sources.some((text) => /lib\/sla\/default|defaultSla/.test(text)), 'the dashboards do not read the default SLA');
  let lines = 0;
  for (const [name, d] of Object.entries(committed)) {
    for (const p of panelsOf(d)) {
      const where = `${name} / ${p.title}`;
      assert.deepEqual(p.fieldConfig.defaults.thresholds.steps, [{ color: 'text', value: null }], `${where}: base step only`);
      for (const o of p.fieldConfig.overrides) assert.ok(!o.properties.some((x: Json) => x.id === 'thresholds'), `${where}: no override replaces the run's steps`);
      const refIds = p.targets.map((t: Json) => t.refId);
      assert.equal(new Set(refIds).size, refIds.length, `${where}: refIds are unique`);
      const sla = slaLinesOf(p);
      lines += sla.length;
      // Every limit query feeds a transformation, and the limits are applied before the table joins its frames.
      assert.equal(p.targets.filter((t: Json) => SLA_QUERY.test(t.query)).length, sla.length, `${where}: every limit query is used`);
      const ids = (p.transformations ?? []).map((t: Json) => t.id);
      assert.deepEqual(ids.slice(0, sla.length), sla.map(() => 'configFromData'), `${where}: SLA limits first`);
      if (p.type === 'timeseries' && sla.length) assert.equal(p.fieldConfig.defaults.custom.thresholdsStyle.mode, 'dashed', where);
      if (p.type === 'table' || sla.length > 1) assert.ok(sla.every((l: Json) => l.field), `${where}: each line names the field it colours`);
      // A comparison side is judged by its own run's limit.
      for (const l of sla) if (l.field === 'A' || l.field === 'B') assert.equal(l.run, `testid_${l.field.toLowerCase()}`, where);
    }
  }
  assert.ok(lines >= 20, `${lines} SLA lines`);
});

test('journeys: a Journey variable (All narrows nothing) that every journey-tagged query narrows by, and a row of per-journey panels', () => {
  for (const name of ['run-overview', 'per-endpoint']) {
    const d = committed[name];
    const variable = (n: string) => d.templating.list.find((v: Json) => v.name === n);
    const journey = variable('journey');
    assert.equal(journey.query, 'SHOW TAG VALUES FROM "http_reqs" WITH KEY = "journey" WHERE "testid" =~ /^$testid$/', name);
    assert.deepEqual([journey.multi, journey.includeAll, journey.allValue], [true, true, '.*'], `${name}: All keeps samples without a journey (setup's)`);
    assert.match(variable('step').query, /WHERE "testid" =~ \/\^\$testid\$\/ AND "journey" =~ \/\^\$journey\$\/$/, `${name}: the steps of the selected journeys`);
    // Every query on a measurement k6 tags with the journey narrows by it; the others (VUs, the SLA limits) cannot.
    const tagged = /FROM "(http_reqs|http_req_duration|http_req_failed|iterations|iteration_duration|checks|data_sent|data_received|flow_duration)"/;
    let narrowed = 0;
    for (const p of panelsOf(d)) {
      for (const t of p.targets) {
        if (!tagged.test(t.query)) continue;
        assert.match(t.query, /"journey" =~ \/\^\$journey\$\//, `${name} / ${p.title}: ${t.query}`);
        narrowed++;
      }
    }
    assert.ok(narrowed >= 10, `${name}: ${narrowed} queries narrowed by journey`);
  }
  const overview = committed['run-overview'];
  const at = overview.panels.findIndex((p: Json) => p.type === 'row' && p.title === 'Per journey');
  assert.ok(at > 0, 'a row Per journey');
  const row = overview.panels.slice(at + 1, at + 4);
  assert.deepEqual(row.map((p: Json) => [p.type, p.title]), [
    ['timeseries', 'Request rate per journey'],
    ['timeseries', 'Latency p95 per journey'],
    ['timeseries', 'Failed-request rate per journey'],
  ]);
  const [rate, p95, failed] = row.map((p: Json) => p.targets[0]);
  assert.match(rate.query, /^SELECT count\("value"\) \* 1000 \/ \$__interval_ms AS "value" FROM "http_reqs" WHERE .* AND "journey" != '' GROUP BY time\(\$__interval\), "journey" fill\(null\)$/);
  assert.match(p95.query, /^SELECT percentile\("value", 95\) AS "value" FROM "http_req_duration" WHERE .* GROUP BY time\(\$__interval\), "journey"/);
  assert.match(failed.query, /^SELECT mean\("value"\) AS "value" FROM "http_req_failed" WHERE .* GROUP BY time\(\$__interval\), "journey"/);
  for (const t of [rate, p95, failed]) assert.equal(t.alias, '$tag_journey');
  assert.deepEqual(row.map((p: Json) => slaLinesOf(p).map((l: Json) => l.limit)), [[], ['p95'], ['failRate']], "the run's own p95 and failure limits");
  assert.deepEqual(row.map((p: Json) => p.gridPos.y), [row[0].gridPos.y, row[0].gridPos.y, row[0].gridPos.y], 'side by side, one row');
});

test('per step: a p95 line per flow', () => {
  const flows = panelsOf(committed['per-endpoint']).filter((p) => p.targets.some((t: Json) => /FROM "flow_duration"/.test(t.query)));
  assert.equal(flows.length, 1);
  const [t] = flows[0]!.targets;
  assert.match(t.query, /^SELECT percentile\("value", 95\) AS "p95" FROM "flow_duration" WHERE \$timeFilter AND "testid" =~ \/\^\$testid\$\/ AND "journey" =~ \/\^\$journey\$\/ GROUP BY time\(\$__interval\), "flow"/);
  assert.equal(t.alias, '$tag_flow');
  assert.equal(committed['per-endpoint'].title, 'plimsoll · Per step');
});

test("every panel query is raw InfluxQL on the provisioned datasource, bounded by $timeFilter or to one run's SLA limit, using defined variables only", () => {
  for (const [name, d] of Object.entries(committed)) {
    const defined = new Set(d.templating.list.map((v: Json) => v.name));
    for (const p of panelsOf(d)) {
      assert.deepEqual(p.datasource, DATASOURCE, `${name} / ${p.title}: datasource`);
      for (const t of p.targets) {
        assert.equal(t.rawQuery, true);
        assert.deepEqual(t.datasource, DATASOURCE);
        // A run's SLA limit is the one query without $timeFilter: the run writes it at its start and end only,
        // which a window over a long run's middle holds neither of. testid and limit bound it to a few points.
        if (!SLA_QUERY.test(t.query)) assert.match(t.query, /^SELECT .* WHERE \$timeFilter/, `${name} / ${p.title}`);
        assert.doesNotMatch(t.query, /"url"|"vu"|"iter"/, 'no per-request values in queries');
        for (const [, variable] of t.query.matchAll(/\$(\w+)/g)) {
          if (!['timeFilter', '__interval', '__interval_ms'].includes(variable!)) assert.ok(defined.has(variable), `${name} / ${p.title}: $${variable} is defined`);
        }
      }
    }
  }
});

test('provisioning YAML: apiVersion 1 and the fields Grafana requires', () => {
  const ds = parse(readFileSync('grafana/provisioning/datasources/influxdb.yml', 'utf8'));
  assert.equal(ds.apiVersion, 1);
  assert.equal(ds.datasources.length, 1);
  const [influx] = ds.datasources;
  for (const field of ['name', 'type', 'access', 'url', 'uid']) assert.ok(influx[field], `datasource.${field}`);
  assert.equal(influx.type, 'influxdb');
  assert.equal(influx.uid, DATASOURCE.uid, 'the uid the dashboards refer to');
  assert.equal(influx.access, 'proxy');
  assert.equal(influx.jsonData.dbName, 'k6');
  assert.equal(influx.jsonData.version, 'InfluxQL');

  const dash = parse(readFileSync('grafana/provisioning/dashboards/plimsoll.yml', 'utf8'));
  assert.equal(dash.apiVersion, 1);
  const [provider] = dash.providers;
  for (const field of ['name', 'type', 'options']) assert.ok(provider[field], `provider.${field}`);
  assert.equal(provider.type, 'file');
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'));
  const mounts: string[] = compose.services.grafana.volumes;
  assert.ok(mounts.includes(`./grafana/dashboards:${provider.options.path}:ro`), 'the provider path is where compose mounts the dashboards');
  assert.ok(mounts.includes('./grafana/provisioning:/etc/grafana/provisioning:ro'));
});

function composeConfig(env: Record<string, string>) {
  // The Compose CLI plugin (built by install/compose.sh if the docker CLI has none), run as
  // `docker compose` through a private DOCKER_CONFIG; `config` needs no Docker engine.
  const plugin = execFileSync('install/compose.sh', { encoding: 'utf8' }).trim();
  const dockerConfig = mkdtempSync(join(tmpdir(), 'plimsoll-docker-'));
  mkdirSync(join(dockerConfig, 'cli-plugins'));
  symlinkSync(plugin, join(dockerConfig, 'cli-plugins', 'docker-compose'));
  const docker = spawnSync('docker', ['--version']).status === 0;
  const [cmd, args] = docker ? ['docker', ['compose']] : [plugin, []];
  return spawnSync(cmd, [...args, '--profile', 'k6', 'config', '--format', 'json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_CONFIG: dockerConfig, ...env },
  });
}

test('docker compose config accepts docker-compose.yml; every port binds 127.0.0.1; no committed secret', () => {
  const r = composeConfig({ GRAFANA_ADMIN_PASSWORD: 'from-the-environment' });
  assert.equal(r.status, 0, r.stderr);
  const config = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(config.services).sort(), ['grafana', 'influxdb', 'k6']);
  for (const [name, service] of Object.entries<Json>(config.services)) {
    assert.match(service.image, /^[\w./-]+:\d+\.\d+\.\d+$/, `${name}: image pinned to a version`);
    for (const port of service.ports ?? []) assert.equal(port.host_ip, '127.0.0.1', `${name} publishes ${port.published} on loopback only`);
  }
  assert.equal(config.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD, 'from-the-environment');
  assert.equal(config.services.grafana.environment.GF_AUTH_ANONYMOUS_ORG_ROLE, 'Viewer');
  // Without the password in the environment compose refuses, naming it: nothing falls back to a default.
  const missing = composeConfig({});
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /GRAFANA_ADMIN_PASSWORD/);
});
