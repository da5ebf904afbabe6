import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { storeFault, type AppendResult, type EventStore } from '@ledger/event-store';
import type { LedgerMetrics } from './metrics';

/** The port's calls that are timed (and traced); the others pass straight through. */
const TIMED = new Set<string>(['append', 'appendMany', 'readStream', 'streamRevision', 'readAll', 'head', 'readLog', 'readStreamsUntil']);
const APPENDS = new Set<string>(['append', 'appendMany']);

const tracer = trace.getTracer('stewardship-ledger');

/**
 * The event store as the app uses it: every call of the port timed into
 * `ledger_store_call_duration_seconds`, appends counted, and each call one span when tracing is on
 * (tracing.ts; without it the OpenTelemetry API's tracer does nothing). A Proxy, so an adapter's own
 * members (SQLite's `database`, for the tests that look into the file) are still reached as before.
 */
export function instrumentStore(store: EventStore, metrics: LedgerMetrics): EventStore {
  const wrapped = new Map<string | symbol, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(property);
      if (!fn) {
        const original = value as (...args: unknown[]) => unknown;
        const operation = String(property);
        fn = TIMED.has(operation) ? (...args: unknown[]) => timed(target, metrics, operation, () => original.apply(target, args) as Promise<unknown>) : original.bind(target);
        wrapped.set(property, fn);
      }
      return fn;
    },
  });
}

function timed(store: EventStore, metrics: LedgerMetrics, operation: string, call: () => Promise<unknown>): Promise<unknown> {
  return tracer.startActiveSpan(`store.${operation}`, { kind: SpanKind.CLIENT, attributes: { 'db.system': store.kind, 'db.operation': operation } }, async (span) => {
    const end = metrics.storeCalls.startTimer({ operation });
    try {
      const result = await call();
      end({ outcome: 'ok' });
      if (APPENDS.has(operation)) {
        metrics.appends.inc({ outcome: 'ok' });
        const results = (Array.isArray(result) ? result : [result]) as AppendResult[];
        metrics.eventsAppended.inc(results.reduce((sum, r) => sum + r.events.length, 0));
      }
      return result;
    } catch (error) {
      const outcome = storeFault(error) ? 'unavailable' : 'refused';
      end({ outcome });
      if (APPENDS.has(operation)) metrics.appends.inc({ outcome });
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}
