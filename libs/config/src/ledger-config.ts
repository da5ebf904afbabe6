import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync, ValidateBy } from 'class-validator';
import { accessSync, constants, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { estimateKeyBits, MIN_OPERATOR_KEY_BITS } from './key-strength';

export const STORE_KINDS = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/**
 * Every setting the ledger reads from the environment, with its default. Validated once at
 * start-up so a bad value stops the process with a message naming the variable.
 */
export class LedgerEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Interface to listen on; 127.0.0.1 by default so a fresh start is not exposed to the network. */
  @IsString()
  HOST: string = '127.0.0.1';

  @IsIn(STORE_KINDS)
  LEDGER_STORE: StoreKind = 'sqlite';

  /** Folder for the embedded database, the ledger's signing key and the generated operator key. */
  @IsString()
  LEDGER_DATA_DIR: string = './data';

  /**
   * The ledger refuses to start on an empty store when its data folder shows that a ledger with a
   * history ran there (the store was lost or moved); `true` starts a new, empty ledger anyway.
   */
  @IsIn(['true', 'false'], { message: 'LEDGER_ALLOW_EMPTY_STORE must be true or false' })
  LEDGER_ALLOW_EMPTY_STORE: string = 'false';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'LEDGER_POSTGRES_URL must be a postgres:// connection string' })
  LEDGER_POSTGRES_URL: string = 'postgres://postgres@127.0.0.1:5432/ledger';

  /** Schema holding the events and the support tables in PostgreSQL. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'LEDGER_POSTGRES_SCHEMA must be a lowercase SQL identifier' })
  LEDGER_POSTGRES_SCHEMA: string = 'ledger';

  @IsOptional()
  @Matches(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, {
    message: 'KURRENTDB_CONNECTION_STRING must look like kurrentdb://host:2113?tls=false',
  })
  KURRENTDB_CONNECTION_STRING?: string;

  /**
   * The operator's API key. When unset, the ledger generates one on first start, keeps it in
   * the data folder (operator.key, mode 0600) and logs that file's path (never the key). A key a person made up must be
   * as hard to guess as a generated one (it opens everything): a weak one stops the start.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{24,200}$/, { message: 'LEDGER_OPERATOR_KEY must be 24 to 200 visible ASCII characters' })
  @IsHardToGuess(MIN_OPERATOR_KEY_BITS)
  LEDGER_OPERATOR_KEY?: string;

  /** Requests per minute allowed to one API key (429 beyond); 0 turns the limit off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  LEDGER_RATE_LIMIT_PER_MINUTE: number = 6000;

  /** Event streams (`/ledger/stream`) one API key may hold open at once (429 beyond). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LEDGER_STREAMS_PER_KEY: number = 10;
  /**
   * Failed authentications allowed from one client address per minute; beyond, its requests that
   * carry a key are answered 429 without checking the key until the minute is over. 0 turns it off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  LEDGER_AUTH_FAILURES_PER_MINUTE: number = 20;

  /**
   * The checkpoint-signing key (Ed25519, PKCS#8 PEM); default <LEDGER_DATA_DIR>/ledger-signing-key.pem.
   * Several servers on one database name the same file (made once: the first start creates it).
   */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY_FILE?: string;

  /** Seconds between signed checkpoints appended to the log (when it grew); 0 turns them off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86400)
  LEDGER_CHECKPOINT_INTERVAL_S: number = 300;

  /** Comma-separated host:port list; empty means the Kafka publisher is off. */
  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS?: string;

  /**
   * The topics' names begin with it: `<prefix>.collaborative.<id>` (one per collaborative),
   * `<prefix>.registry`, `<prefix>.checkpoints`.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,150}$/, { message: 'KAFKA_TOPIC_PREFIX must be 1 to 150 characters of A-Z a-z 0-9 . _ -' })
  KAFKA_TOPIC_PREFIX: string = 'ledger';

  /** Partitions of each topic the ledger creates. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS: number = 6;

  /** Replicas of each topic the ledger creates; -1: the broker's default.replication.factor. */
  @Type(() => Number)
  @IsInt()
  @Min(-1)
  @Max(32)
  @ValidateBy({ name: 'notZero', validator: { validate: (value: unknown) => value !== 0, defaultMessage: () => 'KAFKA_REPLICATION_FACTOR must be -1 or 1 to 32' } })
  KAFKA_REPLICATION_FACTOR: number = -1;

  /** Topic retention in ms; -1 keeps events forever (the default: members may replay from the start). */
  @Type(() => Number)
  @IsInt()
  @Min(-1)
  KAFKA_RETENTION_MS: number = -1;

  /** TLS to the broker. */
  @IsIn(['true', 'false'], { message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL: string = 'false';

  /** PEM file of the CA that signed the broker's certificate (with KAFKA_SSL=true); default: the system's CAs. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA_FILE?: string;

  /** SASL to the broker: scram-sha-512 (or scram-sha-256), with KAFKA_SASL_USERNAME and its password. */
  @IsOptional()
  @IsIn(['scram-sha-512', 'scram-sha-256'], { message: 'KAFKA_SASL_MECHANISM must be scram-sha-512 or scram-sha-256' })
  KAFKA_SASL_MECHANISM?: string;

  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'KAFKA_SASL_USERNAME must be 1 to 200 visible ASCII characters' })
  KAFKA_SASL_USERNAME?: string;

  /** The SASL user's password (or KAFKA_SASL_PASSWORD_FILE: a file holding it). Never echoed. */
  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD_FILE?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * Where /metrics is served. Unset: on the ledger's port, to the operator's key only. A port: on that
   * port (on HOST), to anyone who can reach it and without a key — for a scraper on a private network —
   * and no longer on the ledger's port.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  LEDGER_METRICS_PORT?: number;

  /** /health/ready answers 503 while the read models are more than this many events behind the log. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  LEDGER_READY_MAX_LAG: number = 1000;

  /**
   * Seconds a stop (SIGTERM, SIGINT) may take: requests in flight finish, the projector's batch, the
   * publisher catches up; past this the process exits non-zero anyway.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  LEDGER_SHUTDOWN_TIMEOUT_S: number = 25;

  /** SMTP server for reminders, e.g. smtp://user:pass@mail.example.org:587 (smtps:// for TLS); unset: no e-mail. */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'LEDGER_SMTP_URL must be an smtp:// or smtps:// URL' })
  LEDGER_SMTP_URL?: string;

  /** The From of the ledger's e-mails. */
  @IsString()
  @Matches(/^[^\r\n]{3,200}$/, { message: 'LEDGER_MAIL_FROM must be an address such as "Stewardship ledger <ledger@example.org>"' })
  LEDGER_MAIL_FROM: string = 'Stewardship ledger <ledger@localhost>';

  /** The hour (UTC) from which each day's reminders are sent. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  LEDGER_REMINDER_HOUR: number = 7;

  /** Webhook URLs may point at private, loopback and link-local addresses (a test's receiver, a private network). */
  @IsIn(['true', 'false'], { message: 'LEDGER_WEBHOOKS_ALLOW_PRIVATE must be true or false' })
  LEDGER_WEBHOOKS_ALLOW_PRIVATE: string = 'false';

  /** The first retry of a failed webhook delivery waits this long; each next one twice as long. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  LEDGER_WEBHOOK_RETRY_BASE_MS: number = 5000;

  /** The longest wait between two attempts of a webhook delivery. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  LEDGER_WEBHOOK_RETRY_MAX_S: number = 3600;

  /** How long a webhook receiver has to answer one delivery. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  LEDGER_WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** The key that seals webhook secrets at rest (32 random bytes, made on first start); default <data dir>/notification-secrets.key. */
  @IsOptional()
  @IsString()
  LEDGER_SECRETS_KEY_FILE?: string;
}

/** TLS and SASL to the broker, from the KAFKA_SSL* and KAFKA_SASL_* settings (each needing the others it goes with). */
function kafkaSecurity(parsed: LedgerEnvironment): KafkaSettings['security'] {
  const problems: string[] = [];
  const ssl = parsed.KAFKA_SSL === 'true';
  let caFile: string | undefined;
  if (parsed.KAFKA_SSL_CA_FILE) {
    caFile = resolve(parsed.KAFKA_SSL_CA_FILE);
    if (!ssl) problems.push('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
    else if (!readable(caFile)) problems.push(`KAFKA_SSL_CA_FILE=${JSON.stringify(parsed.KAFKA_SSL_CA_FILE)}: cannot read the file`);
  }
  let password = parsed.KAFKA_SASL_PASSWORD;
  if (parsed.KAFKA_SASL_PASSWORD_FILE) {
    if (password !== undefined) problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: give one');
    try {
      password = readFileSync(resolve(parsed.KAFKA_SASL_PASSWORD_FILE), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`KAFKA_SASL_PASSWORD_FILE=${JSON.stringify(parsed.KAFKA_SASL_PASSWORD_FILE)}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read the file'}`);
    }
  }
  const mechanism = parsed.KAFKA_SASL_MECHANISM as 'scram-sha-512' | 'scram-sha-256' | undefined;
  const username = parsed.KAFKA_SASL_USERNAME;
  if (mechanism && (!username || !password)) problems.push(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`);
  if (!mechanism && (username || password)) problems.push('a SASL user is set but KAFKA_SASL_MECHANISM is not (scram-sha-512)');
  if (problems.length > 0) throw new ConfigError(problems);
  return { ssl, ...(caFile ? { caFile } : {}), ...(mechanism && username && password ? { sasl: { mechanism, username, password } } : {}) };
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** A secret whose estimated entropy (key-strength.ts) reaches `minBits`; the message never shows it. */
function IsHardToGuess(minBits: number): PropertyDecorator {
  return ValidateBy({
    name: 'isHardToGuess',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && estimateKeyBits(value) >= minBits,
      defaultMessage: (args) =>
        `${args?.property} is too easy to guess (about ${Math.floor(estimateKeyBits(String(args?.value ?? '')))} bits by the ledger's estimate, ` +
        `at least ${minBits} needed: repeats, runs like abc or 123 and copied stretches count for nothing). ` +
        'Generate one with `openssl rand -base64 32`, or leave it unset for the ledger to generate one',
    },
  });
}

export interface LedgerConfig {
  port: number;
  host: string;
  store: StoreKind;
  dataDir: string;
  sqliteFile: string;
  /** Start on an empty store even where the data folder shows a history existed (LEDGER_ALLOW_EMPTY_STORE). */
  allowEmptyStore: boolean;
  postgresUrl: string;
  postgresSchema: string;
  kurrentdbConnectionString?: string;
  /** Requests per minute per API key; 0: no limit. */
  rateLimitPerMinute: number;
  /** Open event streams per API key. */
  streamsPerKey: number;
  /** Failed authentications per client address per minute before its keyed requests get 429; 0: no limit. */
  authFailuresPerMinute: number;
  /** Seconds between checkpoints appended to the log; 0: none. */
  checkpointIntervalSeconds: number;
  /** LEDGER_SIGNING_KEY_FILE (absolute); undefined: the key file in the data folder. */
  signingKeyFile?: string;
  /** From LEDGER_OPERATOR_KEY; undefined means "use or generate <dataDir>/operator.key". */
  operatorKey?: string;
  kafkaBrokers: string[];
  kafka: KafkaSettings;
  logLevel: string;
  /** LEDGER_METRICS_PORT: /metrics on a port of its own, without a key; undefined: on the API's port, operator only. */
  metricsPort?: number;
  /** Projection lag (events) beyond which /health/ready answers 503. */
  readyMaxLag: number;
  /** Milliseconds a graceful stop may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Reminders by e-mail (LEDGER_SMTP_URL unset: off). */
  mail: { smtpUrl?: string; from: string; reminderHour: number };
  webhooks: { allowPrivate: boolean; retryBaseMs: number; retryMaxMs: number; timeoutMs: number };
  /** The file of the key that seals secrets kept for the ledger (webhook secrets). */
  secretsKeyFile: string;
}

/** The topics the publisher creates and writes to (LEDGER.md, "Streams for member organizations"), and how it reaches the broker. */
export interface KafkaSettings {
  topicPrefix: string;
  partitions: number;
  /** -1: the broker's default. */
  replicationFactor: number;
  retentionMs: number;
  /** TLS (with the CA file to trust, absolute), and the SASL/SCRAM user. */
  security: { ssl: boolean; caFile?: string; sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256'; username: string; password: string } };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const SECRETS = new Set(['LEDGER_OPERATOR_KEY', 'LEDGER_SMTP_URL', 'KAFKA_SASL_PASSWORD']);

/** The settings without a default (unset unless given). */
const OPTIONAL_SETTINGS = ['KURRENTDB_CONNECTION_STRING', 'KAFKA_BROKERS', 'LEDGER_OPERATOR_KEY', 'LEDGER_METRICS_PORT', 'LEDGER_SMTP_URL', 'LEDGER_SECRETS_KEY_FILE',
  'LEDGER_SIGNING_KEY_FILE', 'KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'];

/** The name of every environment variable the ledger reads (the README's configuration table lists each). */
export const LEDGER_SETTINGS: readonly string[] = [...Object.keys(new LedgerEnvironment()), ...OPTIONAL_SETTINGS];

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const raw: Record<string, string> = {};
  for (const key of LEDGER_SETTINGS) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = plainToInstance(LedgerEnvironment, raw, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      // Secrets are never echoed back.
      errors.map((e) => `${e.property}=${SECRETS.has(e.property) ? '(hidden)' : JSON.stringify(raw[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  if (parsed.LEDGER_STORE === 'kurrentdb' && !parsed.KURRENTDB_CONNECTION_STRING) {
    throw new ConfigError(['LEDGER_STORE=kurrentdb needs KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://127.0.0.1:2113?tls=false)']);
  }
  const security = kafkaSecurity(parsed);
  const dataDir = resolve(parsed.LEDGER_DATA_DIR);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    store: parsed.LEDGER_STORE,
    dataDir,
    sqliteFile: resolve(dataDir, 'ledger.sqlite'),
    allowEmptyStore: parsed.LEDGER_ALLOW_EMPTY_STORE === 'true',
    postgresUrl: parsed.LEDGER_POSTGRES_URL,
    postgresSchema: parsed.LEDGER_POSTGRES_SCHEMA,
    kurrentdbConnectionString: parsed.KURRENTDB_CONNECTION_STRING,
    operatorKey: parsed.LEDGER_OPERATOR_KEY,
    checkpointIntervalSeconds: parsed.LEDGER_CHECKPOINT_INTERVAL_S,
    signingKeyFile: parsed.LEDGER_SIGNING_KEY_FILE ? resolve(parsed.LEDGER_SIGNING_KEY_FILE) : undefined,
    rateLimitPerMinute: parsed.LEDGER_RATE_LIMIT_PER_MINUTE,
    streamsPerKey: parsed.LEDGER_STREAMS_PER_KEY,
    authFailuresPerMinute: parsed.LEDGER_AUTH_FAILURES_PER_MINUTE,
    kafkaBrokers: parsed.KAFKA_BROKERS ? parsed.KAFKA_BROKERS.split(',') : [],
    kafka: {
      topicPrefix: parsed.KAFKA_TOPIC_PREFIX,
      partitions: parsed.KAFKA_PARTITIONS,
      replicationFactor: parsed.KAFKA_REPLICATION_FACTOR,
      retentionMs: parsed.KAFKA_RETENTION_MS,
      security,
    },
    logLevel: parsed.LOG_LEVEL,
    metricsPort: parsed.LEDGER_METRICS_PORT,
    readyMaxLag: parsed.LEDGER_READY_MAX_LAG,
    shutdownTimeoutMs: parsed.LEDGER_SHUTDOWN_TIMEOUT_S * 1000,
    mail: { smtpUrl: parsed.LEDGER_SMTP_URL, from: parsed.LEDGER_MAIL_FROM, reminderHour: parsed.LEDGER_REMINDER_HOUR },
    webhooks: {
      allowPrivate: parsed.LEDGER_WEBHOOKS_ALLOW_PRIVATE === 'true',
      retryBaseMs: parsed.LEDGER_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: parsed.LEDGER_WEBHOOK_RETRY_MAX_S * 1000,
      timeoutMs: parsed.LEDGER_WEBHOOK_TIMEOUT_MS,
    },
    secretsKeyFile: resolve(dataDir, parsed.LEDGER_SECRETS_KEY_FILE ?? 'notification-secrets.key'),
  };
}
