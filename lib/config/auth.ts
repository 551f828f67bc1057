// The run's credentials: AUTH_TOKEN, or the contents of the file AUTH_TOKEN_FILE names, sent as a bearer
// token. Every context reads them from its own environment: they are never handed over in setup()'s data,
// which k6 writes into the summary and serves on its REST API.
import { readText } from './files';

export interface TokenSettings {
  AUTH_TOKEN?: string | undefined;
  AUTH_TOKEN_FILE?: string | undefined;
}

/** The headers every request carries (Authorization), or undefined when the run has no token. */
export const authHeaders = (s: TokenSettings): Record<string, string> | undefined => {
  const token = s.AUTH_TOKEN || (s.AUTH_TOKEN_FILE ? readText('AUTH_TOKEN_FILE', s.AUTH_TOKEN_FILE).trim() : '');
  return token ? { Authorization: 'Bearer ' + token } : undefined;
};
