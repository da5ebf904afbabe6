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

export interface Delivery {
  webhookId: string;
  timestamp: number;
  body: { type: string; timestamp: string; data: { eventId: string; position: number; streamId: string; type: string; hash: string } };
}

/**
 * A real HTTP receiver of webhooks. Every request's signature is checked twice, independently of the
 * ledger: by the `standardwebhooks` package (Webhook.verify: the signature, and a timestamp within
 * five minutes) and by the scheme as written (HMAC-SHA256 of "id.timestamp.body" with the secret's
 * bytes, base64, one of the space-separated v1 signatures). An unverified request is answered 401
 * and kept apart; a verified one is answered `answer(n)`, n counting the verified requests from 1.
 */
export async function startReceiver(secretOf: () => string, answer: (n: number, delivery: Delivery) => number | 'hang' = () => 204) {
  const { createHmac, timingSafeEqual } = await import('node:crypto');
  const { createServer } = await import('node:http');
  const { Webhook } = await import('standardwebhooks');
  const verified: Delivery[] = [];
  const accepted: Delivery[] = [];
  const unverified: string[] = [];
  const hanging: Array<() => void> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) };
      const secret = secretOf();
      let ok = false;
      try {
        new Webhook(secret).verify(body, headers);
        const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
          .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
          .digest();
        ok = headers['webhook-signature'].split(' ').some((s) => {
          const [version, signature] = s.split(',');
          const given = Buffer.from(signature ?? '', 'base64');
          return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
        });
      } catch {
        ok = false;
      }
      if (!ok) {
        unverified.push(body);
        response.writeHead(401).end();
        return;
      }
      const delivery: Delivery = { webhookId: headers['webhook-id'], timestamp: Number(headers['webhook-timestamp']), body: JSON.parse(body) };
      verified.push(delivery);
      const status = answer(verified.length, delivery);
      if (status === 'hang') {
        hanging.push(() => response.writeHead(204).end());
        return;
      }
      if (status >= 200 && status < 300) accepted.push(delivery);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/ledger`,
    verified,
    accepted,
    unverified,
    async close() {
      hanging.splice(0).forEach((release) => release());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `condition` until it holds or `ms` have passed (then fails with `what`). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
