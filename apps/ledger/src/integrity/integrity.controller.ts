import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ledger/event-store';
import { consistencyProofDocument, inclusionProofDocument } from '@ledger/integrity';
import { ReadPolicy } from '../access/read-policy';
import { problem } from '../http/problem-details.filter';
import { rawEventScope } from '../ledger-log/ledger-events.controller';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Checkpoints } from './checkpoints.service';
import { ConsistencyQuery, EventIdParam, TreeSizeQuery } from './integrity.dto';
import { MerkleLog } from './merkle-log.service';

/** Signed tree heads and Merkle proofs (RFC 9162), so anyone can check the log without trusting the operator. */
@ApiTags('ledger')
@Controller('ledger')
export class IntegrityController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly log: MerkleLog,
    private readonly checkpoints: Checkpoints,
    private readonly policy: ReadPolicy,
  ) {}

  @Get('checkpoint')
  @ApiOperation({ summary: 'A signed checkpoint (origin, tree size, root hash, time) of the log as it is now' })
  async checkpoint(@Query() query: TreeSizeQuery) {
    const tree = await this.log.current();
    const size = this.size(query.treeSize, tree.size, 'treeSize');
    return this.checkpoints.sign(size);
  }

  @Get('public-key')
  @ApiOperation({ summary: "The ledger's Ed25519 checkpoint key (raw base64 and PEM), its origin and key id" })
  publicKey() {
    return this.checkpoints.publicKey();
  }

  @Get('proofs/inclusion/:eventId')
  @ApiOperation({
    summary: 'Inclusion proof of one event in the tree of a given size (default: current)',
    description: 'For those who may read the event itself (its raw form); an event one may not read is answered as unknown.',
  })
  async inclusion(@Param() params: EventIdParam, @Query() query: TreeSizeQuery, @Req() request: FastifyRequest) {
    const scope = await rawEventScope(this.policy, request);
    const tree = await this.log.current();
    const position = this.log.positionOf(params.eventId);
    const [event] = position === undefined ? [] : await this.store.readAll({ after: position - 1, limit: 1 });
    // The same answer for an unknown event and one the reader may not read: no existence oracle.
    if (!event || !this.policy.canReadEvent(scope, event.streamId, event.type)) {
      throw problem(404, 'not-found', 'not found', `there is no event ${params.eventId} in the log that you may read`, { code: 'event_not_found' });
    }
    const size = this.size(query.treeSize, tree.size, 'treeSize');
    if (size < event.position) {
      throw problem(400, 'validation', 'invalid input', `event ${params.eventId} is at position ${event.position}, outside a tree of size ${size}`, {
        errors: [{ path: 'query.treeSize', message: `must be at least ${event.position}` }],
      });
    }
    return inclusionProofDocument(tree, event, size);
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'Consistency proof between two tree sizes: the later log extends the earlier one (for readers of raw events)' })
  async consistency(@Query() query: ConsistencyQuery, @Req() request: FastifyRequest) {
    await rawEventScope(this.policy, request);
    const tree = await this.log.current();
    const to = this.size(query.to, tree.size, 'to');
    const from = Number(query.from);
    if (from > to) {
      throw problem(400, 'validation', 'invalid input', `from (${from}) is larger than to (${to})`, { errors: [{ path: 'query.from', message: `must be at most ${to}` }] });
    }
    return consistencyProofDocument(tree, from, to);
  }

  private size(value: string | undefined, current: number, name: string): number {
    if (value === undefined) return current;
    const size = Number(value);
    if (size > current) {
      throw problem(400, 'validation', 'invalid input', `${name} ${size} is larger than the log (${current} events)`, {
        errors: [{ path: `query.${name}`, message: `must be at most ${current}` }],
      });
    }
    return size;
  }
}
