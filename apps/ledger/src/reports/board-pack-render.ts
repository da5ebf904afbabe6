import { boardPackFileName, type BoardPack } from './board-pack';
import { boardPackHtml } from './board-pack-html';
import { boardPackPdf } from './board-pack-pdf';

export type BoardPackFormat = 'pdf' | 'html';

/** A board pack written out: the bytes, their media type and the file name it is served (or saved) under. */
export interface RenderedBoardPack {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** The one place a board pack becomes a file, for the HTTP answer and `ledger report` alike. */
export async function renderBoardPack(pack: BoardPack, format: BoardPackFormat): Promise<RenderedBoardPack> {
  const html = format === 'html';
  return {
    body: html ? Buffer.from(boardPackHtml(pack), 'utf8') : await boardPackPdf(pack),
    contentType: html ? 'text/html; charset=utf-8' : 'application/pdf',
    fileName: boardPackFileName(pack, format),
  };
}
