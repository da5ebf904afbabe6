import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { CommandOutcome } from './record-command';

/**
 * Answers a command's outcome over HTTP, in one place: `201` for a new record, `200` for a change to
 * one, the `ETag` (the stream revision) and the other headers it carries, and the answer as the body.
 */
@Injectable()
export class CommandAnswerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof CommandOutcome)) return result;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        void reply.status(result.status);
        for (const [name, value] of Object.entries(result.headers)) void reply.header(name, value);
        return result.body;
      }),
    );
  }
}
