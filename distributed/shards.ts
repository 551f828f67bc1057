// `make <profile> SHARDS=N`: N k6 processes of the same bundle on k6's own distributed machinery —
// execution segments (--execution-segment i/N:(i+1)/N of the sequence 0,1/N,…,1), so k6 itself splits the
// arrival rate — each tagged `instance=<i>` under the run's shared testid, each writing its raw samples and
// summary into <RESULTS_DIR>/shard-<i>/. When all have ended, the runner judges their merged samples.
// The group behaves like the one k6 child run/runner.ts otherwise spawns: kill() forwards, 'exit' reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { k6Invocation } from '../run/k6-invocation';
import { k6Binary } from '../run/k6-binary';
import type { RunSettings } from '../run/settings';

/** k6's execution segments for n equal shards: shard i runs `segment` within `sequence`. */
export function segments(n: number): { sequence: string; segment: string }[] {
  const at = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  const sequence = Array.from({ length: n + 1 }, (_, i) => at(i)).join(',');
  return Array.from({ length: n }, (_, i) => ({ sequence, segment: `${at(i)}:${at(i + 1)}` }));
}

/** The k6 arguments and environment of shard i of n (results in `dir`). */
export function shardInvocation(script: string, settings: RunSettings, env: NodeJS.ProcessEnv, dir: string, i: number, n: number) {
  const shardDir = join(dir, `shard-${i}`);
  // A live dashboard per shard, on consecutive ports: they cannot share one.
  const port = settings.DASHBOARD === '1' ? String(Number(env.K6_WEB_DASHBOARD_PORT || 5665) + i) : env.K6_WEB_DASHBOARD_PORT;
  const invocation = k6Invocation(script, settings, shardDir, { ...env, K6_WEB_DASHBOARD_PORT: port }, k6Binary(env.K6 || 'k6').samples);
  const { sequence, segment } = segments(n)[i]!;
  // --tag replaces the script's options.tags rather than adding to them: the testid must be repeated here.
  const tags = [...(env.TESTID ? [`testid=${env.TESTID}`] : []), `instance=${i}`].flatMap((t) => ['--tag', t]);
  const args = [...invocation.args, '--execution-segment', segment, '--execution-segment-sequence', sequence, ...tags, '--address', ''];
  return { shardDir, args, env: { ...env, ...invocation.env, RESULTS_DIR: shardDir } };
}

/**
 * Start n shards; each logs to shard-<i>/k6.log, shard 0's stderr stays live. 'exit' fires once all have
 * ended: with the first shard's error code, else 99 if any shard's thresholds were crossed, else 0.
 */
export function startShards(script: string, settings: RunSettings, env: NodeJS.ProcessEnv, dir: string, n: number) {
  const group = new EventEmitter() as EventEmitter & { kill(signal: NodeJS.Signals): void };
  const children: ChildProcess[] = [];
  const codes: Promise<number>[] = [];
  for (let i = 0; i < n; i++) {
    const shard = shardInvocation(script, settings, env, dir, i, n);
    mkdirSync(shard.shardDir, { recursive: true });
    // A summary left by an earlier run in the same folder must not pass for this one's.
    rmSync(join(shard.shardDir, 'summary.json'), { force: true });
    // Shard 0's stderr (k6's progress, errors) stays live; every shard's own report goes to its k6.log.
    const log = createWriteStream(join(shard.shardDir, 'k6.log'));
    const child = spawn(env.K6 || 'k6', shard.args, { stdio: ['ignore', 'pipe', i === 0 ? 'inherit' : 'pipe'], env: shard.env, detached: true });
    child.stdout!.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    children.push(child);
    codes.push(
      new Promise((done) => {
        child.on('error', (e) => {
          console.error(`plimsoll: cannot start k6 (${e.message}): set K6=/path/to/k6 or run through make`);
          done(2);
        });
        child.on('close', (c, signal) => {
          log.end();
          done(c ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
        });
      }),
    );
  }
  group.kill = (signal) => children.forEach((c) => c.kill(signal));
  void Promise.all(codes).then((all) => {
    // A shard that ended in error (not 0 or 99: script error, abort, a signal) decides the code; the runner
    // still merges the shards' results when every one wrote them (an interrupted run does).
    const failed = all.findIndex((c) => c !== 0 && c !== 99);
    if (failed > 0) console.error(`plimsoll: shard ${failed} ended with code ${all[failed]}: see ${join(dir, `shard-${failed}`, 'k6.log')}`);
    group.emit('exit', failed >= 0 ? all[failed] : Math.max(...all), null);
  });
  return group;
}
