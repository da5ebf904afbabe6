/** A small JSON client for the HTTP tests: acts as the operator or as one organization. */
export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export function client(baseUrl: string) {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  }
  return {
    call,
    asOperator: (path: string, body?: unknown, headers: Record<string, string> = {}) => call('POST', path, body, headers),
    as: (org: string) => (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call('POST', path, body, { 'x-acting-organization': org, ...headers }),
    get: <T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) => call<T>('GET', path, undefined, headers),
    async headPosition(): Promise<number> {
      const health = await call<{ store: { headPosition: number } }>('GET', '/health');
      return health.body.store.headPosition;
    },
  };
}
