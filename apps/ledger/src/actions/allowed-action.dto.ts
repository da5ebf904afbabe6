import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { AllowedAction } from './allowed-actions.service';

/** One entry of `allowedActions` (and of an inbox item's `actions`), as the OpenAPI document shows it. */
export class AllowedActionDto implements AllowedAction {
  @ApiProperty({ description: "The command's name, e.g. AcceptCommitment, CastVote, RecordDisbursement", example: 'AcceptCommitment' })
  command: string;

  @ApiProperty({ description: 'The HTTP method that sends it', example: 'POST' })
  method: string;

  @ApiProperty({ description: 'The path that sends it, with the record and sub-record ids filled in', example: '/commitments/0197f0c2-5b1e-7c1a-9d2e-3f4a5b6c7d8e/acceptance' })
  path: string;

  @ApiPropertyOptional({
    description: "The sub-record it acts on, by the command's field naming it (also in the path)",
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { revisionId: '0197f0c2-6a00-7c1a-9d2e-3f4a5b6c7d8e' },
  })
  target?: Record<string, string>;

  @ApiPropertyOptional({
    description: 'For each field the caller chooses, the values the rules accept now (role, matter, pathwayPhase)',
    type: 'object',
    additionalProperties: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
    example: { role: ['member', 'observer'] },
  })
  choices?: Record<string, Array<string | number>>;

  @ApiPropertyOptional({
    description: "Fields to send as given: a new record's collaborativeId; a proposal's matter and its act's target",
    type: 'object',
    additionalProperties: true,
    example: { collaborativeId: 'upper-valley-partnership' },
  })
  body?: Record<string, unknown>;
}

/**
 * On a record's GET: documents `allowedActions` in the answer's schema (the rest of the record is
 * described by the operation's description).
 */
export function ApiAllowedActions(): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(AllowedActionDto),
    ApiOkResponse({
      description: 'The record as of asOf, with allowedActions',
      schema: {
        type: 'object',
        additionalProperties: true,
        properties: {
          allowedActions: {
            type: 'array',
            items: { $ref: getSchemaPath(AllowedActionDto) },
            description: 'The commands the caller could send on the record now, by a dry run of its rules for the caller; empty with asOf',
          },
        },
        required: ['allowedActions'],
      },
    }),
  );
}
