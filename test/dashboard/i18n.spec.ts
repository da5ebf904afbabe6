import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The dashboard's message catalogues (apps/dashboard/src/i18n/locales): French says everything
 * English says, with the same placeholders, and every plural has its `one` and `other` forms.
 */
type Catalogue = { [key: string]: string | Catalogue };
const dir = join(__dirname, '..', '..', 'apps', 'dashboard', 'src', 'i18n', 'locales');
const load = (lang: string) => JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as Catalogue;

function flatten(node: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (message: string) => [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('the dashboard’s message catalogues', () => {
  const en = flatten(load('en'));
  const fr = flatten(load('fr'));

  it('has every English message in French, and nothing French alone', () => {
    expect([...en.keys()].filter((k) => !fr.has(k))).toEqual([]);
    expect([...fr.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect(en.size).toBeGreaterThan(500);
  });

  it('fills the same placeholders in both languages', () => {
    const differing = [...en].filter(([key, message]) => JSON.stringify(placeholders(message)) !== JSON.stringify(placeholders(fr.get(key) ?? ''))).map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('gives every plural its one and other forms, and leaves no message empty', () => {
    // A plural is a group with a `one` or `zero` form (a group merely holding a value named "other", like sector.other, is not).
    const plurals = new Set([...en.keys()].filter((k) => /\.(one|zero)$/.test(k)).map((k) => k.replace(/\.(one|zero)$/, '')));
    for (const base of plurals) {
      expect([base, en.has(`${base}.one`), en.has(`${base}.other`)]).toEqual([base, true, true]);
    }
    expect([...en, ...fr].filter(([, message]) => message.trim() === '').map(([key]) => key)).toEqual([]);
  });
});

describe('the dashboard’s sources', () => {
  it('name only messages the catalogue has', () => {
    const root = join(__dirname, '..', '..', 'apps', 'dashboard', 'src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(root);
    const en = flatten(load('en'));
    const plural = (key: string) => en.has(`${key}.one`) && en.has(`${key}.other`);
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // t('key'), tn('key', n), tOr('key', ...), translate('key'), tr('key'), <T k="key" and k={'key'}.
      for (const match of text.matchAll(/\b(?:t|tn|tOr|tr|translate)\(\s*'([a-zA-Z0-9_.-]+)'|\bk="([a-zA-Z0-9_.-]+)"|\bk=\{\s*'([a-zA-Z0-9_.-]+)'/g)) {
        const key = match[1] ?? match[2] ?? match[3];
        if (!en.has(key) && !plural(key)) missing.push(`${file.slice(root.length + 1)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the dashboard’s messages and formats at run time', () => {
  // The module under test is the browser's; it keeps its locale in a module variable.
  let i18n: typeof import('../../apps/dashboard/src/i18n');
  beforeAll(async () => {
    i18n = await import('../../apps/dashboard/src/i18n');
  });

  it('fills placeholders, chooses plurals, and falls back to the key only for a message no catalogue has', () => {
    i18n.setLocale('en-US');
    expect(i18n.t('signIn.noPartnership', { id: 'upper-valley' })).toBe('There is no partnership “upper-valley” in this ledger.');
    expect(i18n.tn('commitments.count', 1)).toBe('1 commitment');
    expect(i18n.tn('commitments.count', 1234)).toBe('1,234 commitments');
    expect(i18n.t('no.such.message')).toBe('no.such.message');
    i18n.setLocale('fr-CA');
    expect(i18n.t('signIn.noPartnership', { id: 'upper-valley' })).toBe('Il n’y a pas de partenariat « upper-valley » dans ce registre.');
    // French counts 0 and 1 as singular.
    expect(i18n.tn('inbox.count', 0)).toBe('0 élément vous attend');
    expect(i18n.tn('inbox.count', 2)).toBe('2 éléments vous attendent');
  });

  it('writes money with every digit, the locale’s way, and knows each currency’s digits', () => {
    i18n.setLocale('en-US');
    expect(i18n.formatCurrency('USD', '1234567.05')).toBe('$1,234,567.05');
    i18n.setLocale('en-CA');
    expect(i18n.formatCurrency('USD', '1234567.05')).toBe('US$1,234,567.05');
    i18n.setLocale('fr-CA');
    expect(i18n.formatCurrency('CAD', '1234567.05')?.replace(/\s/g, ' ')).toBe('1 234 567,05 $');
    // More digits than a float holds are kept as written.
    expect(i18n.formatCurrency('USD', '123456789012345678.99')?.replace(/\D/g, '')).toBe('12345678901234567899');
    expect([i18n.currencyDigits('USD'), i18n.currencyDigits('JPY')]).toEqual([2, 0]);
    expect(i18n.formatLocalDate('2026-09-24')).toBe('24 sept. 2026');
    i18n.setLocale('en-US');
    expect(i18n.formatLocalDate('2026-09-24')).toBe('Sep 24, 2026');
  });
});
