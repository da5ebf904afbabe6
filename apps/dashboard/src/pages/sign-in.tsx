import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, type Session } from '../lib/api';
import { rememberedCollaborative, saveSession } from '../lib/session';

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Sign-in with an API key: checked against the ledger, then kept in this tab's session only. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = 'Sign in · Stewardship dashboard';
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const key = String(data.get('key') ?? '').trim();
    const collaborative = String(data.get('partnership') ?? '').trim();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) return setError('Enter your API key (as issued, without spaces).');
    if (!SLUG.test(collaborative)) return setError('Enter the partnership’s id: lowercase letters, digits and dashes, e.g. upper-valley-partnership.');
    setBusy(true);
    setError(null);
    try {
      await getJson(key, `/collaboratives/${encodeURIComponent(collaborative)}/summary`);
      const session = { key, collaborative };
      saveSession(session);
      onSignedIn(session);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 401) setError('The ledger did not accept this API key.');
      else if (e instanceof ApiError && e.status === 403) setError('This API key may not read that partnership.');
      else if (e instanceof ApiError && e.status === 404) setError(`There is no partnership “${collaborative}” in this ledger.`);
      else setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <main class="sign-in" id="main">
      <div class="sign-in-card">
        <p class="brand-kicker">Stewardship ledger</p>
        <h1 ref={heading}>Stewardship dashboard</h1>
        <p>
          See a partnership’s promises, funds and shared risk — as they stand, and as they stood on any past date. Sign in with the API key your ledger’s operator
          issued to your organization. An observer’s key shows the public view.
        </p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} aria-describedby="key-help" noValidate>
          <div class="field">
            <label for="api-key">API key</label>
            <input id="api-key" name="key" type="password" autoComplete="off" spellcheck={false} required aria-required="true" />
          </div>
          <div class="field">
            <label for="partnership">Partnership id</label>
            <input
              id="partnership"
              name="partnership"
              type="text"
              autoComplete="on"
              spellcheck={false}
              required
              aria-required="true"
              defaultValue={rememberedCollaborative()}
              placeholder="e.g. upper-valley-partnership"
            />
          </div>
          <p id="key-help" class="help">
            The key stays in this browser tab’s session storage, is sent only to this ledger, and is forgotten when you sign out or close the tab.
          </p>
          {error && (
            <p class="error" role="alert" id="sign-in-error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
