/** A scrape parsed by a Prometheus text-format parser (parse-prometheus-text-format, prom2json's shape). */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }>;
}

// The package ships no type declarations; its one export is the parse function.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

/**
 * The parser gives each family's type; but it folds a histogram's series into one and drops their
 * labels (it only handles unlabelled histograms), so samples are read from a second parse of the text
 * without its # HELP and # TYPE lines, where `x_count{kind="..."}` is a family of its own.
 */
export class Scrape {
  readonly families: Map<string, MetricFamily>;
  private readonly samples: Map<string, MetricFamily>;

  constructor(text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    const bare = text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    // Without # TYPE lines a histogram's series interleave (x_bucket, x_sum, x_count, x_bucket, ...): gather them by name.
    this.samples = new Map();
    for (const family of parsePrometheusTextFormat(bare)) {
      const seen = this.samples.get(family.name);
      if (seen) seen.metrics.push(...family.metrics);
      else this.samples.set(family.name, family);
    }
  }

  family(name: string): MetricFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  private sample(name: string, labels: Record<string, string>) {
    return this.samples.get(name)?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  }

  /** A counter's or gauge's value for these labels (0 when the series does not exist yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    const sample = this.sample(name, labels);
    return sample ? Number(sample.value) : 0;
  }

  /** A histogram's observation count for these labels (0 when the series does not exist yet). */
  count(name: string, labels: Record<string, string> = {}): number {
    return this.value(`${name}_count`, labels);
  }
}
