import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { resolvePrincipal } from '../commands/principal';
import { problem } from '../http/problem-details.filter';
import { ApiKeyService } from './api-key.service';
import { ApiKeyIdParam, IssueApiKeyDto } from './api-keys.dto';

/** The operator issues, lists and revokes API keys bound to organizations (LEDGER.md). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a key bound to one organization (operator); the key is in this answer only' })
  async issue(@Body() body: IssueApiKeyDto, @Req() request: FastifyRequest) {
    operatorOnly(request);
    const issued = await this.keys.registry.issue(body.organizationId, body.label ?? null);
    if (!issued) throw problem(404, 'not-found', 'not found', `there is no organization ${body.organizationId}`, { code: 'organization_not_found' });
    return { keyId: issued.keyId, organizationId: body.organizationId, key: issued.key };
  }

  @Get()
  @ApiOperation({ summary: 'List keys (operator): ids, organizations, labels, when created and revoked; never the keys' })
  async list(@Req() request: FastifyRequest) {
    operatorOnly(request);
    return { items: await this.keys.registry.list(), nextCursor: null };
  }

  @Post(':keyId/revocation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key (operator); requests with it are refused from now on' })
  async revoke(@Param() params: ApiKeyIdParam, @Req() request: FastifyRequest) {
    operatorOnly(request);
    const outcome = await this.keys.registry.revoke(params.keyId);
    if (outcome === 'unknown') throw problem(404, 'not-found', 'not found', `there is no API key ${params.keyId}`, { code: 'api_key_not_found' });
    if (outcome === 'already_revoked') throw problem(409, 'conflict', 'conflict', `API key ${params.keyId} is already revoked`, { code: 'api_key_already_revoked' });
    return { keyId: params.keyId, revoked: true };
  }
}

function operatorOnly(request: FastifyRequest): void {
  if (resolvePrincipal(request).kind !== 'operator') {
    throw problem(403, 'forbidden', 'not allowed', 'Only the operator manages API keys', { code: 'operator_only' });
  }
}
