import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet sets for these options, computed once at start-up. With static
 * directives (no nonces) they depend on nothing in the request, and running helmet's middleware
 * for every request was ~5 % of the CPU of the HTTP load (two hooks, the policy rebuilt each time).
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  if (Object.keys(headers).length === 0) throw new Error('helmet set no headers: is its middleware no longer synchronous?');
  return headers;
}
