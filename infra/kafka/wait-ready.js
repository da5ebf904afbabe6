// Waits until a Kafka broker really answers: an admin client connects, the cluster describes itself
// with at least one (unfenced) broker and a controller, and the topic list comes back.
//   node infra/kafka/wait-ready.js <host:port[,host:port]> [timeoutSeconds] [brokerPid]
// Exits 0 when ready; 1 on timeout; 2 when the broker process (brokerPid) has exited meanwhile.
// The secure broker (start.sh --secure) is asked over TLS as a SCRAM user: WAIT_READY_CA_FILE,
// WAIT_READY_SASL_USERNAME, WAIT_READY_SASL_PASSWORD.
const { readFileSync } = require('node:fs');
const { setTimeout: sleep } = require('node:timers/promises');

let Kafka;
let logLevel;
try {
  ({ Kafka, logLevel } = require('kafkajs'));
} catch {
  console.error('wait-ready: the kafkajs package is missing; run `npm ci` in the repository first');
  process.exit(1);
}

const brokers = (process.argv[2] || '127.0.0.1:9092').split(',');
const timeoutMs = Number(process.argv[3] || 60) * 1000;
const pid = process.argv[4] ? Number(process.argv[4]) : null;
const secured = process.env.WAIT_READY_CA_FILE
  ? {
      ssl: { ca: [readFileSync(process.env.WAIT_READY_CA_FILE, 'utf8')] },
      sasl: { mechanism: 'scram-sha-512', username: process.env.WAIT_READY_SASL_USERNAME, password: process.env.WAIT_READY_SASL_PASSWORD },
    }
  : {};

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

async function probe() {
  const kafka = new Kafka({
    clientId: 'ledger-kafka-wait-ready',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
    ...secured,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no broker registered yet');
    if (cluster.controller === null || cluster.controller === undefined || cluster.controller < 0) throw new Error('no active controller yet');
    await admin.listTopics();
    return cluster;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main() {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (pid !== null && !alive(pid)) {
      console.error(`wait-ready: the broker process ${pid} has exited (last probe: ${lastError})`);
      process.exit(2);
    }
    try {
      const cluster = await probe();
      console.log(`wait-ready: broker ${brokers.join(',')} answers (cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s))`);
      return;
    } catch (error) {
      lastError = (error && error.message) || String(error);
    }
    await sleep(500);
  }
  console.error(`wait-ready: no answer from ${brokers.join(',')} within ${timeoutMs / 1000} s (last error: ${lastError})`);
  process.exit(1);
}

main().catch((error) => {
  console.error('wait-ready:', error);
  process.exit(1);
});
