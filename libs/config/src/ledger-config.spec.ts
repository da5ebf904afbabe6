import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './ledger-config';

describe('loadConfig', () => {
  it('has defaults that run the embedded ledger', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', store: 'sqlite', kafkaBrokers: [] });
    expect(config.sqliteFile).toMatch(/data\/ledger\.sqlite$/);
  });

  it('reads and converts values', () => {
    const config = loadConfig({ PORT: '8080', LEDGER_STORE: 'postgres', KAFKA_BROKERS: 'a:9092,b:9093' });
    expect(config).toMatchObject({ port: 8080, store: 'postgres', kafkaBrokers: ['a:9092', 'b:9093'] });
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LEDGER_STORE: 'oracle', KAFKA_BROKERS: 'nohostport' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT="eighty"');
      expect(message).toContain('LEDGER_STORE="oracle"');
      expect(message).toContain('KAFKA_BROKERS="nohostport"');
    }
  });

  it('refuses a weak LEDGER_OPERATOR_KEY, saying how to make a good one, without showing it', () => {
    const weak = 'test-operator-key-0123456789abcdef';
    let message = '';
    try {
      loadConfig({ LEDGER_OPERATOR_KEY: weak });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('LEDGER_OPERATOR_KEY=(hidden): LEDGER_OPERATOR_KEY is too easy to guess');
    expect(message).toContain('openssl rand -base64 32');
    expect(message).not.toContain(weak);
    expect(message).not.toContain('0123456789');
  });

  it('accepts a generated LEDGER_OPERATOR_KEY', () => {
    const key = 'pV3m8Qx+Kf1rT9wZb2LcN7uYh4sJd6eGa0oRi5nXqE8=';
    expect(loadConfig({ LEDGER_OPERATOR_KEY: key }).operatorKey).toBe(key);
  });

  it('asks for a connection string when KurrentDB is chosen', () => {
    expect(() => loadConfig({ LEDGER_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_CONNECTION_STRING/);
  });

  it('reads the topics and the broker connection settings of the publisher', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-config-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), 'a certificate');
      writeFileSync(join(dir, 'password'), 's3cret-Pa55\n');
      expect(loadConfig({}).kafka).toEqual({ topicPrefix: 'ledger', partitions: 6, replicationFactor: -1, retentionMs: -1, security: { ssl: false } });
      const config = loadConfig({
        KAFKA_TOPIC_PREFIX: 'region-east',
        KAFKA_REPLICATION_FACTOR: '3',
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'ledger',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      });
      expect(config.kafka).toMatchObject({
        topicPrefix: 'region-east',
        replicationFactor: 3,
        security: { ssl: true, caFile: join(dir, 'ca.pem'), sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 's3cret-Pa55' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses broker settings that do not go together, and never shows the SASL password', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).message;
      }
      throw new Error('accepted');
    };
    expect(refusal({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'ledger' })).toMatch(/needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(refusal({ KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'hunter2-hunter2' })).toMatch(/KAFKA_SASL_MECHANISM is not/);
    expect(refusal({ KAFKA_SSL_CA_FILE: '/etc/hostname' })).toMatch(/KAFKA_SSL is not true/);
    expect(refusal({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/no/such/ca.pem' })).toMatch(/KAFKA_SSL_CA_FILE="\/no\/such\/ca.pem": cannot read the file/);
    expect(refusal({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD: 'hunter2-hunter2' })).toMatch(/scram-sha-512/);
    expect(refusal({ KAFKA_REPLICATION_FACTOR: '0' })).toMatch(/KAFKA_REPLICATION_FACTOR must be -1 or 1 to 32/);
    expect(refusal({ KAFKA_TOPIC_PREFIX: 'no spaces' })).toMatch(/KAFKA_TOPIC_PREFIX/);
    expect(refusal({ KAFKA_SASL_PASSWORD: 'hunter2-hunter2', KAFKA_SASL_MECHANISM: 'bad' })).not.toContain('hunter2');
  });
});
