import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless LEDGER_WEBHOOKS_ALLOW_PRIVATE is set: the ledger's own
 * machine and networks behind it (loopback, private, link-local — cloud metadata services live
 * there —, carrier-grade NAT, unspecified, multicast, reserved), in IPv4 and IPv6, IPv4-mapped
 * IPv6 included. Checked when a webhook is subscribed and again before every delivery, since a
 * name may resolve elsewhere later.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

/** Why the URL may not be delivered to, or null when it may. */
export async function webhookUrlRefusal(url: string, options: { allowPrivate: boolean; ledgerHosts: readonly string[] }): Promise<{ code: string; detail: string } | null> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return { code: 'invalid_url', detail: 'a webhook URL is http:// or https://' };
  if (target.username || target.password) return { code: 'webhook_url_not_allowed', detail: 'a webhook URL carries no user name or password: the signature authenticates the ledger' };
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const hostname = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (options.ledgerHosts.some((host) => host.toLowerCase() === `${hostname}:${port}` || host.toLowerCase() === `${target.hostname.toLowerCase()}:${port}`)) {
    return { code: 'webhook_url_is_the_ledger', detail: 'a webhook may not point at the ledger itself' };
  }
  if (options.allowPrivate) return null;
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return { code: 'webhook_host_unknown', detail: `${hostname} does not resolve` };
  }
  const blocked = addresses.find(isPrivateAddress);
  return blocked === undefined
    ? null
    : { code: 'webhook_url_not_allowed', detail: `${hostname} is a private, loopback or link-local address (${blocked}); the operator allows those with LEDGER_WEBHOOKS_ALLOW_PRIVATE=true` };
}
