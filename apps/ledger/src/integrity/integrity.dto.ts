import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const SIZE = /^\d{1,15}$/;
const message = (name: string) => ({ message: `${name} must be a tree size (a whole number)` });

export class TreeSizeQuery {
  @ApiPropertyOptional({ description: 'Prove against the tree of this size; default: the current one', example: '120' })
  @IsOptional()
  @IsString()
  @Matches(SIZE, message('treeSize'))
  treeSize?: string;
}

export class ConsistencyQuery {
  @ApiPropertyOptional({ description: 'The earlier tree size (e.g. of a checkpoint you kept)', example: '100' })
  @IsString()
  @Matches(SIZE, message('from'))
  from: string;

  @ApiPropertyOptional({ description: 'The later tree size; default: the current one', example: '120' })
  @IsOptional()
  @IsString()
  @Matches(SIZE, message('to'))
  to?: string;
}

export class EventIdParam {
  @IsString()
  @Matches(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: 'eventId must be a UUID' })
  eventId: string;
}
