// The zero-code journey: one weighted request per iteration from the ENDPOINTS list (or TARGET itself),
// each endpoint a step of its own name — on the same Session every journey uses.
import { journey } from './journey';
import type { Body } from './session';
import { fillPath, weightedPicker, type RunEndpoint } from './endpoints';

// Per VU (each VU has its own module state): the picker over the list, built on its first iteration — and
// not at all for a list of one (TARGET alone): nothing to pick.
let pick: ((u: number) => RunEndpoint) | undefined;

export const endpointJourney = journey<string>({
  name: 'endpoints',
  steps: [],
  endpoints: true,
  iteration(session, { endpoints }) {
    const e = endpoints.length === 1 ? endpoints[0]! : (pick ??= weightedPicker(endpoints))(Math.random());
    // A path without "{id}" is sent as it is; the endpoint's `expect` is its step options.
    const path = e.ids ? fillPath(e.path, Math.random()) : e.path;
    if (e.get) session.get(e.name, path, e.opts);
    else session.request(e.method, e.name, path, e.body as Body, e.opts);
  },
});
