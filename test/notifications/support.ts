import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '@ledger/event-store';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { registerOperatorKey } from '../support/http-client';
import { TEST_OPERATOR_KEY } from '../support/ledger-app';

/** A ledger on a data folder the test keeps, so that it can be stopped and started again on it. */
export async function startLedgerOn(dataDir: string, env: Record<string, string>, clock?: Clock): Promise<{ app: NestFastifyApplication; baseUrl: string; close(): Promise<void> }> {
  const saved = { ...process.env };
  Object.assign(process.env, { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite', LEDGER_CHECKPOINT_INTERVAL_S: '0', LEDGER_OPERATOR_KEY: TEST_OPERATOR_KEY, ...env });
  try {
    const app = await createLedgerApp({ logger: false, clock });
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    registerOperatorKey(baseUrl, TEST_OPERATOR_KEY);
    return { app, baseUrl, close: () => app.close() };
  } finally {
    process.env = saved;
  }
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** A real SMTP server (the smtp-server package) on a free local port, keeping every message it accepts, parsed by mailparser. */
export async function startSmtpServer(): Promise<{ port: number; messages: ReceivedMail[]; close(): Promise<void> }> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
