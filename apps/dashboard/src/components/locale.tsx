import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { LOCALE_NAMES, LOCALES, t, type Locale } from '../i18n';

/** The chosen locale, and how to change it. */
export const LocaleContext = createContext<{ locale: Locale; choose(locale: Locale): void }>({ locale: 'en-US', choose: () => undefined });

/** The language and formats picker: a labelled select, remembered in this browser. */
export function LocalePicker({ id }: { id: string }) {
  const { locale, choose } = useContext(LocaleContext);
  return (
    <div class="locale-picker">
      <label for={id}>{t('app.language')}</label>
      <select id={id} value={locale} onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

