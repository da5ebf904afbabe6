import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/commitments?status=overdue&asOf=2026-05-01`): the server serves one page at `/`
 * and never sees the route, so no API path or /docs is ever shadowed. `asOf` travels with every link.
 */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = text.split('?', 2);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date the pages are shown as of, or null for now. */
export function asOfOf(route: Route): string | null {
  const value = route.query.get('asOf');
  return value && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

export function href(path: string, params: Record<string, string | null | undefined> = {}, asOf: string | null = null): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) q.set(name, value);
  if (asOf) q.set('asOf', asOf);
  const search = q.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

export function navigate(to: string): void {
  if (location.hash !== to) location.hash = to;
}
