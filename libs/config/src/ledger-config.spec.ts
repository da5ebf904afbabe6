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

  it('asks for a connection string when KurrentDB is chosen', () => {
    expect(() => loadConfig({ LEDGER_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_CONNECTION_STRING/);
  });
});
