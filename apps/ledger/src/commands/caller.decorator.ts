import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { FastifyRequest } from 'fastify';
import { InvalidCommandError, requireKeyId, RuleViolation } from '@ledger/domain';
import type { MemberSignature } from '@ledger/event-store';
import { resolvePrincipal, type Principal } from './principal';
import type { CommandCaller, CommandOptions } from './record-command';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;
const SIGNED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * Who sends a command and how, read once from the request: the principal its API key stands for,
 * and the headers that shape a command — If-Match, Idempotency-Key, X-Correlation-Id and a member
 * signature (docs/signing.md).
 */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CommandCaller => callerOf(context.switchToHttp().getRequest<FastifyRequest>()));

export function callerOf(request: FastifyRequest): CommandCaller {
  const principal = resolvePrincipal(request);
  const options: CommandOptions = {};
  const ifMatch = header(request, 'if-match');
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch.trim());
    if (!match) throw badHeader('if-match', 'must be a stream revision, e.g. "3"');
    options.ifMatch = Number(match[1]);
  }
  const key = header(request, 'idempotency-key');
  if (key !== undefined) {
    if (!IDEMPOTENCY_KEY.test(key)) throw badHeader('idempotency-key', 'must be 1 to 200 visible ASCII characters');
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${canonicalize(request.body ?? null) ?? ''}`)
      .digest('hex');
    options.idempotency = { key, requestHash };
  }
  const signed = memberSignature(request, principal);
  if (signed) options.signature = signed;
  const correlationId = header(request, 'x-correlation-id');
  if (correlationId !== undefined) {
    if (!CORRELATION_ID.test(correlationId)) throw badHeader('x-correlation-id', 'must be 1 to 100 letters, digits or ._:-');
    options.correlationId = correlationId;
  }
  return { principal, options };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function badHeader(name: string, message: string): InvalidCommandError {
  return new InvalidCommandError('invalid_header', `${name}: ${message}`, `headers.${name}`);
}

/** A member's signature of this command, checked here for form only; the handler verifies it. */
function memberSignature(request: FastifyRequest, principal: Principal): MemberSignature | null {
  const keyId = header(request, 'x-ledger-key-id');
  const signedAt = header(request, 'x-ledger-signed-at');
  const signature = header(request, 'x-ledger-signature');
  const nonce = header(request, 'x-ledger-nonce');
  if (keyId === undefined && signedAt === undefined && signature === undefined && nonce === undefined) return null;
  if (keyId === undefined) throw badHeader('x-ledger-key-id', 'a signed command names the key it was signed with');
  // The same rule as a key id where the key is registered (the domain's validation module).
  requireKeyId(keyId, 'headers.x-ledger-key-id');
  if (signedAt === undefined || !SIGNED_AT.test(signedAt) || Number.isNaN(Date.parse(signedAt))) {
    throw badHeader('x-ledger-signed-at', 'a signed command says when it was signed: ISO 8601 UTC, e.g. 2026-11-23T10:15:00Z');
  }
  if (nonce === undefined || !NONCE.test(nonce)) throw badHeader('x-ledger-nonce', 'a signed command carries a nonce never used before: 16 to 128 letters, digits, _ or -');
  if (signature === undefined || !SIGNATURE.test(signature)) throw badHeader('x-ledger-signature', 'the base64 of a 64-byte Ed25519 signature');
  if (principal.kind !== 'organization') {
    throw new RuleViolation('signature_without_organization', 'Only an organization signs its commands; the operator does not');
  }
  return {
    organizationId: principal.organizationId,
    keyId,
    signature,
    signedAt,
    nonce,
    command: { method: request.method, path: request.url.split('?')[0], body: request.body ?? {} },
  };
}
