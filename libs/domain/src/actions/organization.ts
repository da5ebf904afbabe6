/** The commands one may send on an organization's record, as probes (probe.ts). */
import type { OrganizationState } from '../organization/state';
import type { ActionProbe } from './probe';

/** An Ed25519 public key for the probe of RegisterSigningKey (RFC 8032's first test vector). */
const PROBE_PUBLIC_KEY = '11qYAYKxCrfVS/7TyWQHOg7hcvPaoiMlrwIaaPcHURo=';

export function organizationProbes(state: OrganizationState): ActionProbe[] {
  const on = (type: string, data: Record<string, unknown>, extra: Partial<ActionProbe> = {}): ActionProbe => ({
    record: 'organization',
    id: state.id,
    command: { type, data },
    ...extra,
  });
  return [
    on('RegisterSigningKey', { publicKey: PROBE_PUBLIC_KEY }),
    ...[...state.keys.values()].filter((key) => !key.revoked).map((key) => on('RevokeSigningKey', { keyId: key.keyId }, { target: { field: 'keyId', id: key.keyId } })),
    ...[...state.apiKeys.values()].filter((key) => !key.revoked).map((key) => on('RevokeApiKey', { keyId: key.keyId }, { target: { field: 'keyId', id: key.keyId } })),
    on('DesignateRegistryAuditor', {}),
    on('EndRegistryAuditorDesignation', {}),
  ];
}
