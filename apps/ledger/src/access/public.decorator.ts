import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ledger:public';

/** Marks a route that needs no API key (only /health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
