// Test fixture: one login per iteration with a user from users.csv beside it (DATA_USERS replaces it), by the
// strategy STRATEGY (exhausted: EXHAUSTED).
import { scenario, journey, feeder } from '../../lib/plimsoll';
import { baseline } from '../../lib/profiles/baseline';
import type { Strategy } from '../../lib/data/feeder';

const users = feeder<{ username: string; password: string }>('users', 'users.csv', {
  strategy: (__ENV.STRATEGY ?? 'unique') as Strategy,
  exhausted: __ENV.EXHAUSTED === 'wrap' ? 'wrap' : 'stop',
});

const login = journey({
  name: 'login',
  steps: ['login'],
  feed: users,
  iteration(session, { row }) {
    session.post('login', '/login', { username: row.username, password: row.password }, { expect: 200 });
  },
});

const run = scenario({ profile: baseline, journey: login, sla: { global: { failRate: 0.01 } } });
export const { options, setup, teardown, handleSummary } = run;
export default run.iteration;
