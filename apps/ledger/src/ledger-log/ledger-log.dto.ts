import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const POSITION = /^\d{1,15}$/;

/** Query of `/ledger/events`: raw events in position order. Query strings stay strings; parsed here. */
export class LedgerEventsQuery {
  @ApiPropertyOptional({ description: 'Only events after this position (the cursor)', example: '0' })
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'after must be a position (a whole number)' })
  after?: string;

  @ApiPropertyOptional({ description: 'At most this many events (1 to 1000; default 100)', example: '100' })
  @IsOptional()
  @IsString()
  @Matches(/^(?:[1-9]\d{0,2}|1000)$/, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;

  @ApiPropertyOptional({ description: 'Only events of this stream, e.g. commitment-<id>', example: 'collaborative-upper-valley-partnership' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]+-[A-Za-z0-9-]{1,64}$/, { message: 'stream must be a stream id, e.g. commitment-<id>' })
  stream?: string;

  @ApiPropertyOptional({ description: 'Only events of this type', example: 'CommitmentMade' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z][A-Za-z]{1,63}$/, { message: 'type must be an event type, e.g. CommitmentMade' })
  type?: string;
}

/** Query of `/ledger/stream`: where to start (a Last-Event-ID header takes precedence). */
export class LedgerStreamQuery {
  @ApiPropertyOptional({ description: 'Start after this position; default: from the start of the log', example: '0' })
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'after must be a position (a whole number)' })
  after?: string;
}

export function positionOf(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}
