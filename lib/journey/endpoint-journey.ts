// The zero-code journey: one weighted request per iteration from the ENDPOINTS list (or TARGET itself),
// each endpoint a step of its own name — on the same Session every journey uses.
import { journey } from './journey';
import type { Body } from './session';

export const endpointJourney = journey<string>({
  name: 'endpoints',
  steps: [],
  endpoints: true,
  iteration(session, { endpoints }) {
    // The first endpoint whose share ends above a uniform draw (a list of one draws nothing), and its
    // path's "{id}" placeholders filled with 1–1000 (split and join: no RegExp in VUs). Written inline:
    // each helper function a VU keeps costs about 0.7 KB in every VU (measured: bench/README.md).
    let e = endpoints[0]!;
    if (endpoints.length > 1) for (let k = 1, u = Math.random(); u >= e.upTo && k < endpoints.length; k++) e = endpoints[k]!;
    const path = e.ids ? e.path.split('{id}').join('' + (1 + Math.floor(Math.random() * 1000))) : e.path;
    if (e.get) session.get(e.name, path, e.opts);
    else session.request(e.method, e.name, path, e.body as Body, e.opts);
  },
});
