// The callbacks passed to page.evaluate run in the browser: they use its DOM.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Helpers of the dashboard's end-to-end suite: the browser, the build, screenshots, axe. */
export const ROOT = resolve(__dirname, '..', '..');

/** Debian's chromium (infra/browser/install.sh installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run infra/browser/install.sh (apt-get install chromium), or set CHROMIUM_PATH.`);
  }
  // playwright-core drives the system's browser; it downloads none.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu', '--disable-dev-shm-usage'] });
}

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Builds the dashboard (Vite) when dist/dashboard is missing or older than its sources, so the
 * suite always tests the page as the sources are — also when run alone, before `npm run build`.
 */
export function ensureDashboardBuilt(): void {
  const index = join(ROOT, 'dist', 'dashboard', 'index.html');
  const sources = Math.max(newest(join(ROOT, 'apps', 'dashboard')), newest(join(ROOT, 'package-lock.json')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/dashboard/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 180_000,
  });
}

/**
 * Where screenshots go: .tmp/screenshots by default (so a test run changes nothing committed);
 * `npm run screenshots` sets SCREENSHOTS_DIR=docs/screenshots to refresh the README's pictures.
 */
export const SCREENSHOTS = resolve(ROOT, process.env.SCREENSHOTS_DIR ?? join('.tmp', 'screenshots'));

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  // Toasts come and go; keep them out of the pictures.
  const hide = (hidden: boolean) =>
    page.evaluate((h) => document.querySelectorAll<HTMLElement>('.toasts').forEach((t) => (t.style.visibility = h ? 'hidden' : '')), hidden);
  await hide(true);
  const png = await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  await hide(false);
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || png.length < 10_000) throw new Error(`screenshot ${name} is not a real PNG (${png.length} bytes)`);
  return file;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.x A and AA rules) on the page as it is; answers the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}
