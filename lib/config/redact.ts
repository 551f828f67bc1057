// Secrets never reach what a run writes: credentials in a URL and token-like query values are masked.
const SECRET_PARAM = /^(.*(token|key|secret|password|passwd|pwd|auth|signature|sig|session|credential).*)$/i;

/** Whether the URL carries user:password@ (a file anyone may read must not). */
export const hasCredentials = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*@/i.test(url);

/** The URL with user:password@ and secret-looking query values replaced by ***. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@')
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, key: string) => (SECRET_PARAM.test(decodeURIComponent(key)) ? `${sep}${key}=***` : whole));
}
