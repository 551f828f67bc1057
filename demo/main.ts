// CLI for the demo target: `tsx demo/main.ts [--port N] [--latency MS] ...`.
// Runs until SIGINT/SIGTERM; --port-file lets a harness discover the URL.
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KnobError, type Knobs } from './knobs';
import { startDemo } from './server';

// Flag → knob it sets; parseKnobs does the validation so the rules live in one place.
const KNOB_FLAGS = {
  latency: 'latencyMs',
  jitter: 'jitterMs',
  'error-rate': 'errorRate',
  capacity: 'capacity',
} as const satisfies Record<string, keyof Knobs>;

class UsageError extends Error {}

function invalid(flag: string, raw: string, expected: string): UsageError {
  return new UsageError(`--${flag} ${JSON.stringify(raw)} is not valid: ${expected}`);
}

// Number('') is 0, so blank input has to be rejected explicitly.
const toNumber = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'port-file': { type: 'string' },
        ...Object.fromEntries(Object.keys(KNOB_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // parseArgs sometimes appends hint lines; the first line says what is wrong.
    throw new UsageError((err as Error).message.split('\n')[0]);
  }

  const raw = values as Record<string, string | undefined>;
  const port = raw.port === undefined ? 0 : toNumber(raw.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid('port', raw.port!, 'expected an integer from 0 to 65535');
  }

  const knobs: Partial<Record<(typeof KNOB_FLAGS)[keyof typeof KNOB_FLAGS], number>> = {};
  for (const [flag, knob] of Object.entries(KNOB_FLAGS)) {
    if (raw[flag] !== undefined) knobs[knob] = toNumber(raw[flag]);
  }

  let target;
  try {
    target = await startDemo(knobs, { port });
  } catch (err) {
    if (!(err instanceof KnobError)) throw err;
    const flag = Object.entries(KNOB_FLAGS).find(([, knob]) => knob === err.knob)![0];
    throw invalid(flag, raw[flag]!, err.expected);
  }

  const portFile = raw['port-file'];
  if (portFile !== undefined) {
    // Write-then-rename so a harness polling the file never reads a partial URL.
    const tmp = `${portFile}.${process.pid}.tmp`;
    writeFileSync(tmp, target.url);
    renameSync(tmp, portFile);
  }
  // Printed last: once this line appears, the port file is in place too.
  console.log(`demo target listening on ${target.url}`);

  const stop = () => {
    target.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`demo: close failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`demo: ${err.message}`);
    process.exit(2);
  }
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
