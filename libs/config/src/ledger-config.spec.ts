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
});
