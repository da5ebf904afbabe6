import type { Session } from './api';

/**
 * The API key lives in this tab's sessionStorage only (gone when the tab closes, never sent
 * anywhere but this ledger). The partnership last opened is remembered in localStorage, without
 * the key, to fill in the sign-in form next time.
 */
const KEY = 'stewardship-ledger.api-key';
const COLLABORATIVE = 'stewardship-ledger.collaborative';

export function loadSession(): Session | null {
  try {
    const key = sessionStorage.getItem(KEY);
    const collaborative = sessionStorage.getItem(COLLABORATIVE);
    return key && collaborative ? { key, collaborative } : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.key);
  sessionStorage.setItem(COLLABORATIVE, session.collaborative);
  try {
    localStorage.setItem(COLLABORATIVE, session.collaborative);
  } catch {
    // private mode: nothing to remember
  }
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(COLLABORATIVE);
}

export function rememberedCollaborative(): string {
  try {
    return new URLSearchParams(location.search).get('partnership') ?? localStorage.getItem(COLLABORATIVE) ?? '';
  } catch {
    return '';
  }
}
