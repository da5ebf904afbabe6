import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryService } from '../queries/query.service';
import { RecordIdParam } from '../records/shared/params';
import { renderBoardPack } from './board-pack-render';
import { BoardPackService } from './board-pack.service';
import type { Language } from './i18n';
import { ReportQuery } from './report.dto';

/** The board pack of a collaborative, as a PDF or a printable HTML page. */
@ApiTags('collaboratives')
@Controller('collaboratives')
export class ReportsController {
  constructor(
    private readonly packs: BoardPackService,
    private readonly queries: QueryService,
  ) {}

  @Get(':id/report')
  @ApiProduces('application/pdf', 'text/html')
  @ApiOperation({
    summary: 'The board pack: the collaborative as of a date, as a PDF (or HTML), in English or French',
    description:
      'Shared goals with their measurement series (a chart per goal), commitments by status with every overdue and disputed one listed, ' +
      'funds per funder and currency, risk settlements, decisions adopted from `from` to `asOf`, and each member\'s participation; ' +
      'with the tree size and root hash of the ledger as it stood at asOf (the events recorded by then), which GET /ledger/checkpoint?treeSize= ' +
      'signs and the proofs hold the report to. Read like GET /collaboratives/:id/summary: 403 for a reader who may not read the ' +
      'collaborative; an asOf before it existed answers an empty report; from after asOf is 400 (period_reversed).',
  })
  async report(@Param() params: RecordIdParam, @Query() query: ReportQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const scope = await this.queries.scopeOf(request);
    const pack = await this.packs.make(params.id, { asOf: query.asOf, from: query.from, language: (query.lang ?? 'en') as Language }, scope);
    const html = query.format === 'html';
    const file = await renderBoardPack(pack, html ? 'html' : 'pdf');
    await reply
      .code(200)
      .header('content-type', file.contentType)
      .header('content-disposition', `${html ? 'inline' : 'attachment'}; filename="${file.fileName}"`)
      .header('x-ledger-tree-size', String(pack.integrity.treeSize))
      .header('x-ledger-root-hash', pack.integrity.rootHash)
      .send(file.body);
  }
}
