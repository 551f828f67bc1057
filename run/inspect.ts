// The bundle asked without running it (`k6 inspect`: only k6's VU-0 init, no VU, no request): whether the
// settings in an environment are valid — the bundle's own one-line refusal if not — and what a scenario is.
import { spawnSync } from 'node:child_process';
import type { Description } from '../lib/control';

interface K6Log {
  level?: string;
  msg?: string;
  source?: string;
}

function inspect(k6: string, script: string, env: NodeJS.ProcessEnv, args: string[]) {
  const r = spawnSync(k6, ['inspect', '--log-format', 'json', ...args, script], { env, encoding: 'utf8' });
  if (r.error) return { logs: [] as K6Log[], status: null, error: `cannot start k6 (${r.error.message}): set K6=/path/to/k6 or run through make` };
  const logs = (r.stderr ?? '').split('\n').flatMap((line): K6Log[] => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as K6Log] : [];
    } catch {
      return [];
    }
  });
  return { logs, status: r.status, error: undefined };
}

/** The bundle's one-line refusal of these settings, or undefined when it would start (nothing is sent either way). */
export function refusal(k6: string, script: string, env: NodeJS.ProcessEnv): string | undefined {
  const r = inspect(k6, script, env, ['--include-system-env-vars']);
  if (r.error) return r.error;
  if (r.status === 0) return undefined;
  const line = r.logs.find((l) => l.level === 'error')?.msg?.trim() ?? `k6 could not evaluate ${script}`;
  return line.replace(/^plimsoll: /, '');
}

/** What a scenario is (its profile, settings with defaults, plan, journey, SLA), from its own bundle. */
export function describeBundle(k6: string, script: string): Description | { error: string } {
  const r = inspect(k6, script, { PATH: process.env.PATH }, ['-e', 'PLIMSOLL_DESCRIBE=1']);
  if (r.error) return { error: r.error };
  const msg = r.logs.find((l) => l.source === 'console' && l.msg?.startsWith('{'))?.msg;
  if (msg) return JSON.parse(msg) as Description;
  // The bundle's own refusal (a data file it cannot read, while its feeders load) is the line to show.
  const last = r.logs.at(-1)?.msg?.trim();
  if (last?.startsWith('plimsoll: ')) return { error: last.replace(/^plimsoll: /, '') };
  return { error: `${script} did not describe itself: is it a plimsoll scenario bundle? (${last ?? 'no output'})` };
}
