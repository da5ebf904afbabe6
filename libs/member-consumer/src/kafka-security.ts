import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/**
 * How a client reaches a broker that asks for TLS and SASL/SCRAM (LEDGER.md: "TLS and SASL
 * (SCRAM-SHA-512) to the broker are settings"), for the ledger's publisher and members' consumers.
 */
export interface KafkaSecurity {
  /** TLS to the broker. */
  ssl: boolean;
  /** PEM file of the certificate authority that signed the broker's certificate; default: the system's. */
  caFile?: string;
  /** SASL/SCRAM user; none: no SASL. */
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256'; username: string; password: string };
}

/** The kafkajs client settings for `security` (the CA file is read here). */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security) return {};
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.ssl) out.ssl = security.caFile ? { ca: [readFileSync(security.caFile, 'utf8')] } : true;
  if (security.sasl) out.sasl = { ...security.sasl } as SASLOptions;
  return out;
}
