// The zero-code journey: one weighted request per iteration from the ENDPOINTS list (or TARGET itself),
// each endpoint a step of its own name — on the same Session every journey uses.
import { journey } from './journey';
import { fillPath, weightedPicker, type Endpoint } from './endpoints';

const prepare = (e: Endpoint) => ({
  ...e,
  // Without an {id} the path never changes: kept whole, not filled per request.
  fixed: e.path.includes('{id}') ? undefined : e.path,
  opts: { expect: e.expect },
});

// Per VU (each VU has its own module state): the picker over the list, built on its first iteration.
let pick: ((u: number) => ReturnType<typeof prepare>) | undefined;

export const endpointJourney = journey<string>({
  name: 'endpoints',
  steps: [],
  endpoints: true,
  iteration(session, { endpoints }) {
    const e = (pick ??= weightedPicker(endpoints.map(prepare)))(Math.random());
    session.request(e.method, e.name, e.fixed ?? fillPath(e.path, Math.random()), e.body as object | undefined, e.opts);
  },
});
