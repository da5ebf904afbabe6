import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@ledger/event-store';
import { consistencyProofDocument, inclusionProofDocument } from '@ledger/integrity';
import { ReadPolicy } from '../access/read-policy';
import { problem } from '../http/problem-details.filter';
import { rawEventScope } from '../ledger-log/ledger-events.controller';
import { EVENT_STORE } from '../infrastructure/tokens';
import { resolvePrincipal } from '../commands/principal';
import { Checkpoints } from './checkpoints.service';
import { Cosignatures, type CosignedCheckpointDocument, type WitnessTally } from './cosignatures.service';
import { CheckpointQuery, ConsistencyQuery, EventIdParam, TreeSizeQuery, WitnessesQuery } from './integrity.dto';
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
    private readonly cosignatures: Cosignatures,
  ) {}

  @Get('checkpoint')
  @ApiOperation({
    summary: 'A signed checkpoint (origin, tree size, root hash, time) of the log, with the witnesses’ cosignatures the ledger holds for it',
    description:
      'Without treeSize: the log as it is now, signed now (cosignatures: [] — witnesses cosign the checkpoints appended to the log). ' +
      'With treeSize: the checkpoint the ledger appended for that size, if any, else one signed now. ' +
      'With cosigned=true: the latest appended checkpoint that witnesses cosigned (404 no_cosigned_checkpoint), and with collaborative= the latest a quorum of its charter’s witnesses cosigned, else the latest any of them did, with `witnesses: { organizations, quorum, cosigned, quorumMet }` (the ledger’s count; verify the lines yourself). ' +
      'The JSON document’s `note` is the C2SP signed note with the ledger’s signature line then one line per cosignature (also in `cosignatures`); `Accept: text/plain` answers the note alone.',
  })
  async checkpoint(@Query() query: CheckpointQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const tree = await this.log.current();
    let answer: object & { note: string };
    if (query.cosigned === 'true') {
      answer = await this.cosigned(query, request);
    } else {
      if (query.collaborative !== undefined) {
        throw problem(400, 'validation', 'invalid input', 'collaborative= goes with cosigned=true', { errors: [{ path: 'query.collaborative', message: 'needs cosigned=true' }] });
      }
      const size = this.size(query.treeSize, tree.size, 'treeSize');
      const published = query.treeSize === undefined ? undefined : await this.cosignatures.latestAt(size);
      answer = published ? this.cosignatures.document(published) : { ...(await this.checkpoints.sign(size)), cosignatures: [], cosignedBy: [] };
    }
    if (wantsText(request)) {
      void reply.type('text/plain; charset=utf-8');
      return answer.note;
    }
    return answer;
  }

  private async cosigned(query: CheckpointQuery, request: FastifyRequest): Promise<CosignedCheckpointDocument & { witnesses?: WitnessTally }> {
    if (query.treeSize !== undefined) {
      throw problem(400, 'validation', 'invalid input', 'cosigned=true answers the latest cosigned checkpoint: leave treeSize out', { errors: [{ path: 'query.treeSize', message: 'not with cosigned=true' }] });
    }
    let policy: { witnesses: readonly string[]; quorum: number } | null = null;
    if (query.collaborative !== undefined) {
      this.policy.requireCollaborative(await this.policy.scopeOf(resolvePrincipal(request)), query.collaborative);
      policy = await this.cosignatures.policyOf(query.collaborative);
      if (!policy) {
        throw problem(404, 'not-found', 'not found', `the charter of ${query.collaborative} names no witnesses`, { code: 'no_witness_policy' });
      }
    }
    const latest = await this.cosignatures.latestCosigned(policy ?? undefined);
    if (!latest) {
      throw problem(404, 'not-found', 'not found', policy ? `no witness of ${query.collaborative}'s charter has cosigned a checkpoint yet` : 'no witness has cosigned a checkpoint yet', {
        code: 'no_cosigned_checkpoint',
      });
    }
    const document = this.cosignatures.document(latest.published);
    if (!policy) return document;
    const tally: WitnessTally = {
      collaborativeId: query.collaborative!,
      organizations: [...policy.witnesses],
      quorum: policy.quorum,
      cosigned: latest.cosignedBy,
      quorumMet: latest.cosignedBy.length >= policy.quorum,
    };
    return { ...document, witnesses: tally };
  }

  @Get('witnesses')
  @ApiOperation({
    summary: "A collaborative's witnesses of the log: its charter's organizations and quorum, with each one's witness keys (C2SP vkeys)",
    description:
      'For readers of the collaborative. 404 no_witness_policy when the charter names none. `Accept: text/plain` answers the witnesses file of ' +
      '`ledger verify --witnesses` (the vkeys in force, one a line). The keys are the organizations’ WitnessKeyRegistered events; pin them out of band for a check that trusts the operator for nothing.',
  })
  async witnesses(@Query() query: WitnessesQuery, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.policy.requireCollaborative(await this.policy.scopeOf(resolvePrincipal(request)), query.collaborative);
    const list = await this.cosignatures.witnessesOf(query.collaborative);
    if (!list) throw problem(404, 'not-found', 'not found', `the charter of ${query.collaborative} names no witnesses`, { code: 'no_witness_policy' });
    if (!wantsText(request)) return list;
    void reply.type('text/plain; charset=utf-8');
    const lines = list.witnesses.flatMap((w) => w.keys.filter((k) => !k.revoked).map((k) => `${k.vkey}  # ${w.organizationId}`));
    return `# the witnesses of ${list.collaborativeId}'s charter: ledger verify --witnesses FILE --quorum ${list.quorum}\n${lines.join('\n')}\n`;
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

/** `Accept: text/plain` (and not JSON): the C2SP texts alone. */
function wantsText(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /\btext\/plain\b/.test(accept) && !/application\/json/.test(accept);
}
