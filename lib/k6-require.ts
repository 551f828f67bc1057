// k6's own `require` (init context only), reached through globalThis: a bare `require` would make esbuild
// add its require shim to every VU. Modules only some VUs need are required there and then, rather than
// imported: each binding a static import makes (Counter, Gauge, Rate, Trend…) is a function object in
// every VU (~0.8 KB, measured).
export const k6require = (globalThis as unknown as { require(id: string): unknown }).require;
