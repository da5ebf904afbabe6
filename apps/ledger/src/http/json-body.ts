import type { FastifyInstance } from 'fastify';
import { problem } from './problem-details.filter';

/**
 * How deep a body's JSON may nest. The deepest command nests 4 levels; 32 leaves room, and stops a
 * body nested thousands deep before anything recurses into it (the validation pipe, class-transformer
 * and the canonical JSON of the hash chain all do, and overflow the stack).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * How many array entries and object members a body may hold in all (an empty array or object
 * counts as one). The largest command, a pledge with 240 installments, holds about 1 300.
 */
export const MAX_JSON_ENTRIES = 10_000;

export interface JsonShapeRefusal {
  code: 'json_too_deep' | 'json_too_many_entries';
  detail: string;
}

/**
 * Checks the shape of a JSON text in one pass over its characters, without recursion and before it
 * is parsed: nesting depth and number of entries. The text's grammar is left to JSON.parse.
 */
export function jsonShapeRefusal(text: string, maxDepth = MAX_JSON_DEPTH, maxEntries = MAX_JSON_ENTRIES): JsonShapeRefusal | null {
  let depth = 0;
  let entries = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return { code: 'json_too_deep', detail: `The body nests deeper than ${maxDepth} levels.` };
      entries++;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    } else if (c === 0x2c /* , */) {
      entries++;
    } else {
      continue;
    }
    if (entries > maxEntries) return { code: 'json_too_many_entries', detail: `The body holds more than ${maxEntries} array entries and object members.` };
  }
  return null;
}

/**
 * The JSON body parser: Fastify's own (strict; __proto__ and constructor keys refused), behind the
 * shape check above. Registered in place of the default one, with the same body limit.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const refusal = jsonShapeRefusal(body as string);
    if (refusal) {
      done(problem(400, refusal.code.replace(/_/g, '-'), 'invalid input', refusal.detail, { code: refusal.code }), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
