import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, type Session } from '../lib/api';
import { rememberedCollaborative, saveSession } from '../lib/session';
import { LocalePicker } from '../components/locale';
import { t } from '../i18n';

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Sign-in with an API key: checked against the ledger, then kept in this tab's session only. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = t('signIn.documentTitle');
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const key = String(data.get('key') ?? '').trim();
    const collaborative = String(data.get('partnership') ?? '').trim();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) return setError(t('signIn.enterKey'));
    if (!SLUG.test(collaborative)) return setError(t('signIn.enterPartnership'));
    setBusy(true);
    setError(null);
    try {
      await getJson(key, `/collaboratives/${encodeURIComponent(collaborative)}/summary`);
      const session = { key, collaborative };
      saveSession(session);
      onSignedIn(session);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.status === 401) setError(t('errors.401'));
      else if (e instanceof ApiError && e.status === 403) setError(t('signIn.forbidden'));
      else if (e instanceof ApiError && e.status === 404) setError(t('signIn.noPartnership', { id: collaborative }));
      else setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <main class="sign-in" id="main">
      <div class="sign-in-card">
        <LocalePicker id="locale-sign-in" />
        <p class="brand-kicker">{t('app.kicker')}</p>
        <h1 ref={heading}>{t('app.title')}</h1>
        <p>{t('signIn.intro')}</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} aria-describedby="key-help" noValidate>
          <div class="field">
            <label for="api-key">{t('signIn.key')}</label>
            <input id="api-key" name="key" type="password" autoComplete="off" spellcheck={false} required aria-required="true" />
          </div>
          <div class="field">
            <label for="partnership">{t('signIn.partnership')}</label>
            <input
              id="partnership"
              name="partnership"
              type="text"
              autoComplete="on"
              spellcheck={false}
              required
              aria-required="true"
              defaultValue={rememberedCollaborative()}
              placeholder={t('signIn.placeholder')}
            />
          </div>
          <p id="key-help" class="help">
            {t('signIn.help')}
          </p>
          {error && (
            <p class="error" role="alert" id="sign-in-error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
