/**
 * The app in English and French (LEDGER.md, "Acting in the web app"): message catalogues in
 * ./locales/{en,fr}.json, looked up and filled in by rosetta (a few hundred bytes; `{{name}}`
 * placeholders), plurals chosen with Intl.PluralRules (`key.one` / `key.other`), numbers, money and
 * dates formatted by Intl for the chosen locale — en-CA, en-US or fr-CA — remembered in localStorage.
 * (`<T>`, for messages with links or dates inside, is components/t.tsx: this module is plain TypeScript.)
 */
import rosetta from 'rosetta';
import en from './locales/en.json';
import fr from './locales/fr.json';

export const LOCALES = ['en-CA', 'en-US', 'fr-CA'] as const;
export type Locale = (typeof LOCALES)[number];
export type Language = 'en' | 'fr';

/** Each locale named in its own language, for the picker. */
export const LOCALE_NAMES: Record<Locale, string> = { 'en-CA': 'English (Canada)', 'en-US': 'English (US)', 'fr-CA': 'Français (Canada)' };

const STORAGE = 'stewardship-ledger.locale';

type Catalogue = Record<string, unknown>;
const i18n = rosetta<Catalogue>({ en, fr });

let current: Locale = initialLocale();
i18n.locale(languageOf(current));
let plurals = new Intl.PluralRules(current);

export function languageOf(locale: Locale): Language {
  return locale.startsWith('fr') ? 'fr' : 'en';
}

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The remembered choice; else the browser's languages: French → fr-CA, en-CA as such, any other → en-US. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE);
    if (isLocale(saved)) return saved;
  } catch {
    // no storage: fall back to the browser's languages
  }
  const wanted = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const tag of wanted) {
    if (!tag) continue;
    if (/^fr\b/i.test(tag)) return 'fr-CA';
    if (/^en-CA$/i.test(tag)) return 'en-CA';
    if (/^en\b/i.test(tag)) return 'en-US';
  }
  return 'en-US';
}

export function locale(): Locale {
  return current;
}

export function language(): Language {
  return languageOf(current);
}

/** Switches the language and formats (callers re-render: see Root), remembered in this browser. */
export function setLocale(next: Locale): void {
  current = next;
  i18n.locale(languageOf(next));
  plurals = new Intl.PluralRules(next);
  try {
    localStorage.setItem(STORAGE, next);
  } catch {
    // private mode: not remembered
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export type Params = Record<string, string | number | null | undefined>;

/** The entry of a key in a language's catalogue (a message, a group of them, or nothing). */
function lookup(key: string, lang: Language): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), i18n.table(lang));
}

/** The raw message of a key in the current language (English when French lacks it), or undefined. */
function raw(key: string): string | undefined {
  for (const lang of [languageOf(current), 'en'] as const) {
    const value = lookup(key, lang);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Whether the catalogue has a message for the key. */
export function has(key: string): boolean {
  return raw(key) !== undefined;
}

/** The message of a key, its `{{placeholders}}` filled in by rosetta (English when French lacks it); the key itself when no catalogue has it. */
export function t(key: string, params: Params = {}): string {
  for (const lang of [languageOf(current), 'en'] as const) {
    if (typeof lookup(key, lang) === 'string') return String(i18n.t(key, params, lang));
  }
  return key;
}

/** The plural form of a key for a count: `key.one`, `key.other` (and `key.zero` where given); `{{count}}` is the number, formatted. */
export function tn(key: string, count: number, params: Params = {}): string {
  const form = count === 0 && has(`${key}.zero`) ? 'zero' : plurals.select(count);
  const chosen = has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`;
  return t(chosen, { ...params, count: formatNumber(count) });
}

/** A message of the catalogue, or `fallback` (e.g. the server's own words) when it has none. */
export function tOr(key: string, fallback: string, params: Params = {}): string {
  return has(key) ? t(key, params) : fallback;
}

/** The raw message of a key (a plural form chosen for `count`), its placeholders unfilled: for messages with elements inside (components/t.tsx). */
export function message(key: string, count?: number): string {
  if (count === undefined) return raw(key) ?? key;
  const form = count === 0 && has(`${key}.zero`) ? 'zero' : plurals.select(count);
  return raw(has(`${key}.${form}`) ? `${key}.${form}` : `${key}.other`) ?? key;
}

// --- numbers, money and dates for the locale -----------------------------------------------------

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${current}:${JSON.stringify(options)}`;
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(current, options);
    numberFormats.set(id, format);
  }
  return format;
}

export function formatNumber(value: number | string): string {
  return numberFormat({ maximumFractionDigits: 20 }).format(value as Intl.StringNumericLiteral);
}

/** A decimal string with every digit kept, grouped the locale's way ("1 234,5" in fr-CA). */
export function formatDecimal(value: string): string {
  const fraction = value.split('.')[1]?.length ?? 0;
  try {
    return numberFormat({ minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(value as Intl.StringNumericLiteral);
  } catch {
    return value;
  }
}

/** A currency's digits (2 for USD and CAD, 0 for JPY), as Intl knows them. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Money in the locale, every digit of the decimal string kept; null when Intl cannot write it. */
export function formatCurrency(currency: string, amount: string): string | null {
  const fraction = amount.split('.')[1]?.length ?? 0;
  try {
    const text = numberFormat({ style: 'currency', currency, minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(amount as Intl.StringNumericLiteral);
    const digits = (s: string) => s.replace(/\D/g, '').replace(/^0+/, '');
    return digits(text) === digits(amount) ? text : null;
  } catch {
    return null;
  }
}

/** Axis labels only (round numbers a chart chose): "$350K", "350 k$". */
export function formatCompactMoney(currency: string, value: number): string {
  try {
    return numberFormat({ style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
  } catch {
    return String(value);
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(withTime: boolean): Intl.DateTimeFormat {
  const id = `${current}:${withTime}`;
  let format = dateFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(current, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
      ...(withTime && { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }),
    });
    dateFormats.set(id, format);
  }
  return format;
}

/** A calendar date (YYYY-MM-DD) in the locale: "Sep 24, 2026", "24 sept. 2026". */
export function formatLocalDate(date: string): string {
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? date : dateFormat(false).format(ms);
}

/** An instant in the locale, in UTC. */
export function formatLocalInstant(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateFormat(true).format(ms);
}
