import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretSealer } from './secret-sealer';
import { isPrivateAddress, webhookUrlRefusal } from './webhook-url';
import { newWebhookSecret, retryDelay } from './webhooks.service';

describe('webhook URLs', () => {
  it.each(['127.0.0.1', '10.0.0.8', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', 'not-an-ip'])(
    '%s is not reachable by webhooks',
    (address) => expect(isPrivateAddress(address)).toBe(true),
  );

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is', (address) => expect(isPrivateAddress(address)).toBe(false));

  it('refuses the ledger itself, credentials in the URL, and private addresses unless allowed', async () => {
    const options = { allowPrivate: false, ledgerHosts: ['ledger.example.org:443'] };
    expect(await webhookUrlRefusal('https://ledger.example.org/x', options)).toMatchObject({ code: 'webhook_url_is_the_ledger' });
    expect(await webhookUrlRefusal('https://a:b@hooks.example.org/x', options)).toMatchObject({ code: 'webhook_url_not_allowed' });
    expect(await webhookUrlRefusal('http://10.1.1.1/x', options)).toMatchObject({ code: 'webhook_url_not_allowed' });
    expect(await webhookUrlRefusal('http://[::1]:8080/x', options)).toMatchObject({ code: 'webhook_url_not_allowed' });
    expect(await webhookUrlRefusal('http://10.1.1.1/x', { ...options, allowPrivate: true })).toBeNull();
    expect(await webhookUrlRefusal('https://93.184.216.34/x', options)).toBeNull();
  });
});

describe('retries and secrets', () => {
  it('waits base × 2^(n−1), capped', () => {
    expect([1, 2, 3, 4, 10, 60].map((n) => retryDelay(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('makes Standard Webhooks secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('seals secrets under a key file of its own (0600), for one purpose, and opens them again after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealer-'));
    try {
      const file = join(dir, 'keys', 'notification-secrets.key');
      const sealed = SecretSealer.loadOrCreate(file).seal('whsec_abc', 'webhook-1');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(sealed).not.toContain('abc');
      const again = SecretSealer.loadOrCreate(file);
      expect(again.open(sealed, 'webhook-1')).toBe('whsec_abc');
      expect(() => again.open(sealed, 'webhook-2')).toThrow();
      expect(readFileSync(file, 'utf8').trim()).toHaveLength(44);
      rmSync(file);
      expect(() => SecretSealer.loadOrCreate(file).open(sealed, 'webhook-1')).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
