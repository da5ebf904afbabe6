import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type LedgerAppOptions } from './app.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { strictValidationPipe } from './http/validation';
import { setUpOpenApi } from './http/openapi';

/** Body size limit: commands are small; anything bigger is refused with 413 before parsing. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Builds the HTTP application (used by main.ts and by the HTTP tests). */
export async function createLedgerApp(options: { logger?: false } & LedgerAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ clock: options.clock }),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { logger: options.logger === false ? false : ['error', 'warn', 'log'], abortOnError: false },
  );
  // A command with nothing to say may come without a body: validate it as {}.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', async (request) => {
      if (request.method === 'POST' && request.body === undefined) request.body = {};
    });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(strictValidationPipe());
  setUpOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
