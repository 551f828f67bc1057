import { test } from 'node:test';
import assert from 'node:assert/strict';
import { junitXml, xmlAttr, xmlText, type JunitVerdict } from '../lib/verdict/junit';
import { compareRuns, DEFAULT_TOLERANCE } from '../lib/verdict/compare';
import { verdictLine, type VerdictRow } from '../lib/verdict/verdict';
import { summary } from './support/summary';
import { all, parseXml } from './support/xml';

const sla = (rows: VerdictRow[]): JunitVerdict => {
  const passed = rows.every((r) => r.ok);
  return { passed, health: passed ? 'healthy' : 'degraded', iterations: 100, rows };
};

const small = sla([
  { metric: 'http_req_duration', expression: 'p(95)<500', observed: 812.34, unit: 'ms', tier: 'degraded', ok: false },
  { metric: 'http_req_failed', expression: 'rate<0.01', observed: 0.002, unit: 'fraction', tier: 'degraded', ok: true },
  { metric: 'http_req_duration{name:search}', expression: 'p(95)<800', observed: 420, unit: 'ms', tier: 'degraded', ok: true },
]);

test('a small verdict as JUnit XML (golden)', () => {
  const xml = junitXml(small, { suite: 'plimsoll spike', durationMs: 61_234.5 });
  assert.equal(
    xml,
    `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="plimsoll spike" tests="3" failures="1" errors="0" time="61.234">
  <testsuite name="plimsoll spike" tests="3" failures="1" errors="0" time="61.234">
    <testcase classname="http_req_duration" name="p(95)&lt;500" time="0">
      <failure message="observed 812.3ms, limit p(95)&lt;500" type="sla">http_req_duration p(95)&lt;500 crossed (degraded tier): observed 812.3ms, limit p(95)&lt;500</failure>
    </testcase>
    <testcase classname="http_req_failed" name="rate&lt;0.01" time="0"/>
    <testcase classname="http_req_duration{name:search}" name="p(95)&lt;800" time="0"/>
    <system-out>${xmlText(verdictLine(small))}</system-out>
  </testsuite>
</testsuites>
`,
  );
  // And a real parser reads back what was meant.
  const doc = parseXml(xml);
  const cases = all(doc, 'testcase');
  assert.deepEqual(cases.map((c) => [c.attributes.classname, c.attributes.name]), [
    ['http_req_duration', 'p(95)<500'],
    ['http_req_failed', 'rate<0.01'],
    ['http_req_duration{name:search}', 'p(95)<800'],
  ]);
  assert.equal(all(doc, 'failure')[0]?.attributes.message, 'observed 812.3ms, limit p(95)<500');
  assert.match(all(doc, 'system-out')[0]!.text, /^plimsoll verdict: FAIL/);
});

test('a passing verdict has no failure element and counts zero failures', () => {
  const ok = sla(small.rows.map((r) => ({ ...r, ok: true })));
  const doc = parseXml(junitXml(ok, { suite: 's' }));
  assert.equal(all(doc, 'failure').length, 0);
  assert.equal(all(doc, 'testcase').length, 3);
  assert.deepEqual(all(doc, 'testsuite')[0]?.attributes, { name: 's', tests: '3', failures: '0', errors: '0', time: '0.000' });
});

test('names with <, &, quotes, newlines and control characters stay well-formed and read back', () => {
  const hostile = `http_req_duration{name:a<b>&"c'd}`;
  const rows: VerdictRow[] = [
    { metric: hostile, expression: 'p(95)<500 && "x"', observed: 900, unit: 'ms', tier: 'critical', ok: false },
    { metric: 'line\nbreak\ttab', expression: 'bell\u0007<', observed: null, unit: 'ms', tier: 'degraded', ok: true },
  ];
  const xml = junitXml(sla(rows), { suite: `suite "<&>" 'q'` });
  const doc = parseXml(xml); // throws on anything that is not well-formed XML
  assert.equal(doc.attributes.name, `suite "<&>" 'q'`);
  const cases = all(doc, 'testcase');
  assert.equal(cases[0]?.attributes.classname, hostile);
  assert.equal(cases[0]?.attributes.name, 'p(95)<500 && "x"');
  assert.equal(cases[1]?.attributes.classname, 'line\nbreak\ttab'); // kept, as character references
  assert.equal(cases[1]?.attributes.name, 'bell\uFFFD<'); // not representable in XML 1.0
  assert.equal(all(doc, 'failure')[0]?.attributes.message, 'observed 900.0ms, limit p(95)<500 && "x"');
  assert.match(all(doc, 'failure')[0]!.text, /\(critical tier\)/);
  assert.equal(xmlAttr(`<&>"'\n`), '&lt;&amp;&gt;&quot;&apos;&#10;');
  assert.equal(xmlText('a]]>b & <c>'), 'a]]&gt;b &amp; &lt;c&gt;');
});

test('baseline comparisons are testcases too: a failure per regression with baseline, current, delta and tolerance', () => {
  const base = { p95: 100, p99: 200, failRate: 0.001 };
  const comparison = compareRuns(
    summary(base, { search: base, legacy: base }),
    summary(base, { search: { p95: 140, p99: 200, failRate: 0.03 }, fresh: base }),
    DEFAULT_TOLERANCE,
  );
  const passing = sla(small.rows.map((r) => ({ ...r, ok: true })));
  const xml = junitXml(passing, { suite: 'plimsoll spike', regressions: comparison.rows, tolerance: DEFAULT_TOLERANCE, durationMs: 1000 });
  const doc = parseXml(xml);
  const cases = all(doc, 'testcase');
  assert.equal(cases.length, 3 + comparison.rows.length);
  assert.equal(comparison.rows.length, 12); // all, fresh, legacy, search × 3
  assert.deepEqual(all(doc, 'testsuite')[0]?.attributes, { name: 'plimsoll spike', tests: '15', failures: '2', errors: '0', time: '1.000' });
  const failed = cases.filter((c) => all(c, 'failure').length);
  assert.deepEqual(failed.map((c) => [c.attributes.classname, c.attributes.name]), [
    ['http_req_duration{name:search}', 'p95 vs baseline'],
    ['http_req_failed{name:search}', 'failRate vs baseline'],
  ]);
  assert.deepEqual(failed.map((c) => all(c, 'failure')[0]?.attributes), [
    {
      message: 'baseline 100.0ms, current 140.0ms, delta +40.0ms (+40.0%), limit ≤ 110.0ms (tolerance +10%, at least 5ms)',
      type: 'regression',
    },
    { message: 'baseline 0.10%, current 3.00%, delta +2.90pp, limit ≤ 1.10% (tolerance +1.00pp)', type: 'regression' },
  ]);
  // An endpoint in one run only is a passing testcase that says so.
  const legacy = cases.find((c) => c.attributes.classname === 'http_req_duration{name:legacy}');
  assert.equal(all(legacy!, 'system-out')[0]?.text, 'only in baseline: not compared (baseline 100.0ms, current —)');
  assert.equal(all(legacy!, 'failure').length, 0);
  // The suite's output carries the verdict line, the comparison table and its line.
  const out = all(doc, 'system-out').at(-1)!.text;
  assert.match(out, /^plimsoll verdict: PASS/);
  assert.match(out, /✗ search p95 +100\.0ms +140\.0ms/);
  assert.match(out, /plimsoll baseline: FAIL — 2 regressions: search p95/);
});

test("a breakpoint's crossed stop criterion is reported but is not a failure", () => {
  const rows = [{ metric: 'http_req_failed', expression: 'rate<0.05', observed: 0.2, unit: 'fraction', tier: 'break', ok: false }] as unknown as VerdictRow[];
  const doc = parseXml(junitXml({ passed: true, health: 'healthy', iterations: 100, rows }, { suite: 'plimsoll breakpoint' }));
  assert.equal(all(doc, 'failure').length, 0);
  assert.equal(all(doc, 'testsuite')[0]?.attributes.failures, '0');
  const [testcase] = all(doc, 'testcase');
  assert.equal(all(testcase!, 'system-out')[0]?.text, 'stop criterion reached: observed 20.00%, limit rate<0.05');
});
