import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Sends } from '../../actions/command-routes';
import { resolvePrincipal } from '../../commands/principal';
import { problem } from '../../http/problem-details.filter';
import { ApiKeyIssuer } from './api-key-issuer.service';
import { ApiKeyIdParam, IssueApiKeyDto } from './api-keys.dto';

/**
 * API keys bound to organizations (LEDGER.md): the operator issues them; the operator and each
 * organization (its own) list and revoke them. Issuance and revocation are events on the log.
 */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly issuer: ApiKeyIssuer) {}

  @Post()
  @Sends('IssueApiKey')
  @ApiOperation({ summary: 'Issue a key bound to one organization (operator); the key is in this answer only, its issuance on the log' })
  issue(@Body() body: IssueApiKeyDto, @Req() request: FastifyRequest) {
    const principal = resolvePrincipal(request);
    if (principal.kind !== 'operator') throw problem(403, 'forbidden', 'not allowed', 'Only the operator issues API keys', { code: 'operator_only' });
    return this.issuer.issue(body.organizationId, body.label ?? null, principal);
  }

  @Get()
  @ApiOperation({ summary: 'List keys: the operator all, an organization its own — ids, labels, when created and revoked; never the keys' })
  async list(@Req() request: FastifyRequest) {
    return { items: await this.issuer.list(resolvePrincipal(request)), nextCursor: null };
  }

  @Post(':keyId/revocation')
  @Sends('RevokeApiKey')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key (the operator, or the organization its own); requests and open streams with it are refused from now on' })
  revoke(@Param() params: ApiKeyIdParam, @Req() request: FastifyRequest) {
    return this.issuer.revoke(params.keyId, resolvePrincipal(request));
  }
}
