import { Server as NetServer, type Socket } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_BASE } from '../http/problem-details.filter';
import { LiveStreams } from '../ledger-log/live-streams.service';

/**
 * A graceful stop (SIGTERM, SIGINT: main.ts), before the app closes its modules:
 *
 * 1. /health/ready answers 503, so a load balancer stops sending, and every new request is refused
 *    `503 shutting_down` before anything runs (it changed nothing, and may be sent again to another
 *    server); every answer from now on closes its connection;
 * 2. the open event streams (/ledger/stream) end — a reader resumes elsewhere with Last-Event-ID;
 * 3. the requests in flight finish and are answered;
 * 4. the server stops listening.
 *
 * Then main.ts closes the app: the projector finishes its batch, the publisher catches up (bounded),
 * the stores close. LEDGER_SHUTDOWN_TIMEOUT_S bounds the whole.
 */
/** How long, once the requests in flight are answered, new requests are still refused with a 503 before the port closes. */
const REFUSAL_WINDOW_MS = 500;
/** How long a stop waits for the connections left open (idle keep-alive ones) to close by themselves. */
const LINGER_MS = 2_000;

@Injectable()
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private fastify: FastifyInstance | null = null;
  private stopping = false;
  private inFlight = 0;
  private readonly connections = new Set<Socket>();
  private waiters: Array<() => void> = [];

  constructor(private readonly streams: LiveStreams) {}

  /** True from the moment a stop began: readiness is lost. */
  get draining(): boolean {
    return this.stopping;
  }

  /** Counts the requests in flight and refuses new ones while draining (the first onRequest hook). */
  attach(fastify: FastifyInstance): void {
    this.fastify = fastify;
    fastify.server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.once('close', () => {
        this.connections.delete(socket);
        this.changed();
      });
    });
    fastify.addHook('onRequest', async (request, reply) => {
      if (this.stopping) {
        await reply
          .code(503)
          .header('connection', 'close')
          .header('retry-after', '1')
          .type('application/problem+json')
          .send({
            type: `${PROBLEM_BASE}shutting-down`,
            title: 'shutting down',
            status: 503,
            detail: 'This server is stopping and took no action on the request; send it again (to another server).',
            code: 'shutting_down',
          });
        return;
      }
      this.inFlight++;
      reply.raw.once('close', () => this.finished());
    });
    fastify.addHook('onSend', async (_request, reply) => {
      if (this.stopping) void reply.header('connection', 'close');
    });
  }

  private finished(): void {
    this.inFlight--;
    this.changed();
  }

  private changed(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once `done()` holds (looked at whenever a request or a connection ends), or after `limitMs` if given. */
  private async until(done: () => boolean, limitMs?: number): Promise<void> {
    const deadline = limitMs === undefined ? Infinity : Date.now() + limitMs;
    while (!done() && Date.now() < deadline) {
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        if (deadline !== Infinity) setTimeout(wake, deadline - Date.now()).unref();
      });
    }
  }

  /** Stops taking requests and resolves once those in flight are answered. */
  async drain(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.log(`stopping: no new requests; ${this.inFlight} in flight to finish, ${this.streams.count} event streams to end`);
    await this.streams.onApplicationShutdown();
    await this.until(() => this.inFlight === 0);
    // Until now, and for REFUSAL_WINDOW_MS more, a new connection is still accepted and its request
    // answered 503 shutting_down: a clear refusal, where a port closed under a client that has just
    // connected leaves it with a reset connection, not knowing whether its command ran (and a load
    // balancer takes a moment to see readiness lost). Then stop listening — but not as
    // http.Server#close does, which also drops the connections that have no request in progress
    // (those accepted a moment ago whose request is on its way are answered 503 too). The
    // keep-alive connections left idle are closed with the app.
    await new Promise((resolve) => setTimeout(resolve, REFUSAL_WINDOW_MS));
    const server = this.fastify?.server;
    if (server?.listening) NetServer.prototype.close.call(server);
    // A connection accepted just before has its request answered (503) and closes; one a client keeps
    // open and idle is closed with the app after LINGER_MS.
    await this.until(() => this.inFlight === 0 && this.connections.size === 0, LINGER_MS);
    this.logger.log('every request in flight was answered; no longer listening');
  }
}
