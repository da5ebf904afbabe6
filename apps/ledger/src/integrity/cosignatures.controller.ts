import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { Cosignatures } from './cosignatures.service';
import { CosignatureDto, TreeSizeParam } from './integrity.dto';

/** Witnesses hand their cosignatures of the ledger's checkpoints to the ledger, which keeps them on its log. */
@ApiTags('ledger')
@Controller('ledger/checkpoints')
export class CosignaturesController {
  constructor(private readonly cosignatures: Cosignatures) {}

  @Post(':treeSize/cosignatures')
  @HttpCode(201)
  @ApiOperation({
    summary: "Record a witness's cosignature of a checkpoint the ledger appended to its log (the witnessing organization itself)",
    description:
      "Body { cosignature: the C2SP tlog-cosignature signature line, checkpoint?: the note cosigned }. Verified with the organization's registered witness key " +
      '(POST /organizations/:id/witness-keys) over the checkpoint the ledger appended for that tree size, then appended to the log as a CheckpointCosigned event. ' +
      '403 organization_only; 400 invalid_cosignature, invalid_checkpoint, tree_size_mismatch; 404 unknown_checkpoint; 409 checkpoint_root_mismatch (the checkpoint cosigned ' +
      'is not this log’s history at that size), cosignature_already_recorded; 422 unknown_witness_key, bad_cosignature, cosignature_from_the_future, not_the_ledgers_checkpoint.',
  })
  async record(@Param() params: TreeSizeParam, @Body() body: CosignatureDto, @Req() request: FastifyRequest) {
    const principal = resolvePrincipal(request);
    if (principal.kind !== 'organization') {
      throw problem(403, 'forbidden', 'not allowed', 'A witness cosigns for its organization: post with the organization’s API key', { code: 'organization_only' });
    }
    const { record, event, cosignatures } = await this.cosignatures.record(principal.organizationId, Number(params.treeSize), body.cosignature, body.checkpoint);
    return { ...record, position: event.position, eventId: event.eventId, cosignatures };
  }
}
