// What the k6 binary in use is: its version, and whether it carries plimsoll's raw-samples output
// (samples-output/, which install/k6.sh links into the k6 it builds). Asked once per binary and process.
import { execFileSync } from 'node:child_process';
import type { SamplesOutput } from '../distributed/samples';

export interface K6Binary {
  /** `k6 version`'s first words ("k6 v2.2.0"); undefined when it does not answer. */
  version?: string;
  /** The output a run's raw samples go to: plimsoll's own when the binary has it, else k6's CSV output. */
  samples: SamplesOutput;
}

const asked = new Map<string, K6Binary>();

export function k6Binary(bin = process.env.K6 || 'k6'): K6Binary {
  let known = asked.get(bin);
  if (!known) {
    let text = '';
    try {
      text = execFileSync(bin, ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // No answer: no version to show, and no extension to count on.
    }
    // `k6 version` lists extensions as "  <module> (<version>), <name> [output]".
    known = { version: text ? text.trim().split(' (')[0] : undefined, samples: /\bplimsoll-samples \[output\]/.test(text) ? 'plimsoll-samples' : 'csv' };
    asked.set(bin, known);
  }
  return known;
}

/** Said once per run when the samples go to k6's CSV output: what it costs, and how to avoid it. */
export const CSV_FALLBACK_NOTE = (bin: string) =>
  `plimsoll: note: ${bin} has no plimsoll-samples output, so the raw samples go to k6's CSV output, which costs about a third of k6's throughput at full speed (bench/README.md); unset K6 to use the k6 that install/k6.sh builds with it`;
