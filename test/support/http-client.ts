/**
 * A small JSON client for the HTTP tests. Requests carry the operator's API key unless they name
 * another; `as(org)` acts for an organization with a key the operator issued it (on first use).
 */
export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** The operator key of each ledger a test started (startLedger registers it). */
const operatorKeys = new Map<string, string>();
/** Organization keys issued so far, by ledger and organization. */
const organizationKeys = new Map<string, string>();

export function registerOperatorKey(baseUrl: string, key: string): void {
  operatorKeys.set(baseUrl, key);
}

export function client(baseUrl: string) {
  const operatorKey = () => {
    const key = operatorKeys.get(baseUrl);
    if (!key) throw new Error(`no operator key known for ${baseUrl}: start the ledger with startLedger()`);
    return key;
  };

  /** Sends a request; `authorization` in headers overrides the operator key ('' sends none). */
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
    const { authorization, ...rest } = headers;
    const auth = authorization === undefined ? `Bearer ${operatorKey()}` : authorization;
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(auth ? { authorization: auth } : {}),
        ...rest,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  }

  /** An API key for the organization, issued by the operator the first time it is asked for. */
  async function keyOf(org: string): Promise<string> {
    const cacheKey = `${baseUrl} ${org}`;
    const cached = organizationKeys.get(cacheKey);
    if (cached) return cached;
    const issued = await call<{ key: string }>('POST', '/api-keys', { organizationId: org, label: 'test' });
    if (issued.status !== 201) throw new Error(`could not issue a key for ${org}: ${issued.status} ${JSON.stringify(issued.body)}`);
    organizationKeys.set(cacheKey, issued.body.key);
    return issued.body.key;
  }

  return {
    call,
    keyOf,
    asOperator: (path: string, body?: unknown, headers: Record<string, string> = {}) => call('POST', path, body, headers),
    as: (org: string) => async (path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call('POST', path, body, { authorization: `Bearer ${await keyOf(org)}`, ...headers }),
    get: <T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) => call<T>('GET', path, undefined, headers),
    getAs: (org: string) => async <T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) =>
      call<T>('GET', path, undefined, { authorization: `Bearer ${await keyOf(org)}`, ...headers }),
    async headPosition(): Promise<number> {
      const health = await call<{ store: { headPosition: number } }>('GET', '/health');
      return health.body.store.headPosition;
    },
  };
}
