import { IsQueryForm } from '../records/shared/rules';

const SIZE = /^\d{1,15}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const size = (name: string) => `${name} must be a tree size (a whole number)`;

export class TreeSizeQuery {
  @IsQueryForm(SIZE, size('treeSize'), { optional: true, description: 'Prove against the tree of this size; default: the current one', example: '120' })
  treeSize?: string;
}

export class ConsistencyQuery {
  @IsQueryForm(SIZE, size('from'), { description: 'The earlier tree size (e.g. of a checkpoint you kept)', example: '100' })
  from: string;

  @IsQueryForm(SIZE, size('to'), { optional: true, description: 'The later tree size; default: the current one', example: '120' })
  to?: string;
}

export class EventIdParam {
  @IsQueryForm(UUID, 'eventId must be a UUID')
  eventId: string;
}
