import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_SETTINGS } from '@ledger/config';

/** The README's configuration table names every environment variable the ledger reads. */
describe("the README's configuration table", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n### ', readme.indexOf('\n## Configuration\n')));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));

  it.each(LEDGER_SETTINGS.map((name) => [name]))('lists %s', (name) => {
    expect(rows.some((row) => row.split('|')[1].includes(`\`${name}\``))).toBe(true);
  });

  it('lists the OpenTelemetry variables tracing is turned on with', () => {
    for (const name of ['OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SDK_DISABLED']) expect(rows.some((row) => row.includes(`\`${name}\``))).toBe(true);
  });
});
