// `make new NAME=checkout`: scenarios/checkout.ts from a commented template that runs as it is against the
// demo shop (`make checkout`), ready to point at a real service with TARGET and to grow into its journey.
//   tsx cli/new.ts <name> [--dir scenarios]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONTROL } from '../build/bundle';

const NAME = /^[a-z][a-z0-9-]*$/;

/** The scenario module's text; `lib` is the import path of lib/ as seen from where the file goes. */
export const template = (name: string, lib: string) => `// ${name}: what this scenario proves about the service (one line). Run it with \`make ${name}\` (against the
// embedded demo shop) or \`make ${name} TARGET=https://staging.example.com\`; README: "Write your own scenario".
import { scenario, journey, think } from '${lib}/plimsoll';
import { sustained } from '${lib}/profiles/sustained'; // or baseline, spike, soak, stress, breakpoint

const visitor = journey({
  name: '${name}',
  // Every request is a named step: its \`name\` tag, its check, its row in the report, its key in the SLA.
  steps: ['login', 'items-list', 'item-get'],
  // What one iteration costs, to size the VU pool: one request per step, plus about 1 s of think time.
  expect: { think: '1s' },

  // Optional, once before the load: what it returns reaches every iteration as \`data\` (typed).
  // setup: (session) => ({ ids: session.get('items-list', '/api/items').json<{ id: number }[]>().map((i) => i.id) }),

  // One iteration is one user's visit. RATE counts these per second.
  iteration(session) {
    const n = 1 + (__VU % 200); // the demo's test users: shopper-1 … shopper-200, password pw-<n>
    const login = session.post('login', '/login', { username: \`shopper-\${n}\`, password: \`pw-\${n}\` });
    session.auth(login.json<{ token: string }>().token); // every later request of this VU sends the token
    const items = session.get('items-list', '/api/items').json<{ id: number }[]>();
    think('500ms', '1500ms'); // a user reads the page: never scaled by TIME_SCALE
    session.get('item-get', \`/api/items/\${items[0]!.id}\`);
  },
});

const run = scenario({
  profile: sustained,
  journey: visitor,
  // Checked before the run: a step that \`steps\` does not declare is a type error here.
  sla: {
    global: { p95: 500, failRate: 0.01 },
    steps: { login: { p95: 300 } },
  },
});

export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
`;

/** Write <dir>/<name>.ts; the error is one line for the user. */
export function scaffold(name: string | undefined, dir = 'scenarios'): { ok: true; file: string } | { ok: false; error: string } {
  if (!name) return { ok: false, error: 'NAME is not set: expected a scenario name such as checkout (make new NAME=checkout)' };
  if (!NAME.test(name)) return { ok: false, error: `NAME='${name}' is not valid: expected lower-case letters, digits and '-', starting with a letter` };
  if (name === CONTROL) return { ok: false, error: `NAME='${name}' is taken by plimsoll's own bundle (dist/${CONTROL}.js): choose another name` };
  const file = join(dir, `${name}.ts`);
  if (existsSync(file)) return { ok: false, error: `${file} exists already: choose another NAME, or edit that file` };
  mkdirSync(dir, { recursive: true });
  const lib = relative(resolve(dir), resolve('lib')).split('\\').join('/');
  writeFileSync(file, template(name, lib.startsWith('.') ? lib : `./${lib}`));
  return { ok: true, file };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, flag, dir] = process.argv.slice(2);
  const r = scaffold(name, flag === '--dir' ? dir : undefined);
  if (!r.ok) {
    console.error(`plimsoll: ${r.error}`);
    process.exit(2);
  }
  console.log(`plimsoll: wrote ${r.file}; run it against the demo with \`make ${name}\`, or against your service with \`make ${name} TARGET=https://…\``);
}
