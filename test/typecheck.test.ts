// Step, flow and metric names are declared once: in a TypeScript scenario a name the journey does not
// declare is a type error, so `make build` (tsc, then esbuild) fails before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { typeErrors as errorsOf } from './support/typecheck';

const ITERATION = "session.post('login', '/login', {}); session.flow('purchase', () => session.post('checkout', '/api/checkout')); metrics.orders.add(1);";

/** The type errors of a scenario module (this SLA, this iteration), compiled with the k6 side's own tsconfig.json. */
function typeErrors({ sla = '{}', iteration = ITERATION }: { sla?: string; iteration?: string }): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'plimsoll-ts-')), 'scenario.ts');
  const lib = resolve('lib');
  writeFileSync(
    file,
    `import { scenario, journey } from '${lib}/plimsoll';
import { spike } from '${lib}/profiles/spike';
const shopper = journey({
  name: 'shopper',
  steps: ['login', 'checkout'],
  flows: ['purchase'],
  metrics: { orders: 'counter' },
  iteration(session, { metrics }) {
    ${iteration}
  },
});
export const run = scenario({ profile: spike, journey: shopper, sla: ${sla} });
`,
  );
  return errorsOf(file);
}

test('a scenario whose SLA and steps use only declared names type-checks', () => {
  const sla = "{ steps: { checkout: { p95: 800 } }, flows: { purchase: { p95: 2000 } }, thresholds: { orders: ['count>0'], 'http_req_duration{name:login}': ['p(99)<900'] } }";
  assert.deepEqual(typeErrors({ sla }), []);
});

for (const [what, module, name] of [
  ['a step in the SLA', { sla: '{ steps: { chekout: { p95: 800 } } }' }, 'chekout'],
  ['a flow in the SLA', { sla: '{ flows: { purchse: { p95: 800 } } }' }, 'purchse'],
  ['a metric in the SLA', { sla: "{ thresholds: { ordrs: ['count>0'] } }" }, 'ordrs'],
  ['a step in the journey', { iteration: "session.get('chekout', '/x');" }, 'chekout'],
  ['a flow in the journey', { iteration: "session.flow('purchse', () => 1);" }, 'purchse'],
  ['a metric in the journey', { iteration: 'metrics.ordrs.add(1);' }, 'ordrs'],
] as const) {
  test(`a typo in ${what} is a type error naming it`, () => {
    const errors = typeErrors(module);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.ok(errors[0]!.includes(`'${name}'`) || errors[0]!.includes(`"${name}"`), errors[0]);
  });
}
