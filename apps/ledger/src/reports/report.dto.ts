import { AsOfQuery } from '../queries/queries.dto';
import { IsInstant, IsOneOf } from '../records/shared/rules';
import { LANGUAGES } from './i18n';

export const REPORT_FORMATS = ['pdf', 'html'] as const;

export class ReportQuery extends AsOfQuery {
  @IsInstant({
    optional: true,
    description: `Decisions adopted from this instant to asOf are listed (ISO 8601 with a time zone; not after asOf). Default: ${91} days before asOf.`,
  })
  from?: string;

  @IsOneOf(REPORT_FORMATS, { optional: true, description: 'pdf (the default) or html (one printable page)' })
  format?: string;

  @IsOneOf(LANGUAGES, { optional: true, description: 'en (the default) or fr' })
  lang?: string;
}
