import type { OrganizationEvent } from './events';
import type { OrganizationState } from './state';

export function evolve(state: OrganizationState | null, event: OrganizationEvent): OrganizationState | null {
  if (event.type === 'OrganizationRegistered') {
    const { organizationId, name, sector } = event.data;
    return { id: organizationId, name, sector, keys: new Map(), witnessKeys: new Map(), apiKeys: new Map(), registryAuditor: false };
  }
  if (state === null) return state;
  switch (event.type) {
    case 'SigningKeyRegistered': {
      const { keyId, publicKey } = event.data;
      return { ...state, keys: new Map(state.keys).set(keyId, { keyId, publicKey, revoked: false }) };
    }
    case 'SigningKeyRevoked': {
      const key = state.keys.get(event.data.keyId);
      return key ? { ...state, keys: new Map(state.keys).set(key.keyId, { ...key, revoked: true }) } : state;
    }
    case 'WitnessKeyRegistered': {
      const { keyId, name, publicKey } = event.data;
      return { ...state, witnessKeys: new Map(state.witnessKeys).set(keyId, { keyId, name, publicKey, revoked: false }) };
    }
    case 'WitnessKeyRevoked': {
      const key = state.witnessKeys.get(event.data.keyId);
      return key ? { ...state, witnessKeys: new Map(state.witnessKeys).set(key.keyId, { ...key, revoked: true }) } : state;
    }
    case 'ApiKeyIssued': {
      const { keyId, label } = event.data;
      return { ...state, apiKeys: new Map(state.apiKeys).set(keyId, { keyId, label: label ?? null, revoked: false }) };
    }
    case 'ApiKeyRevoked': {
      const key = state.apiKeys.get(event.data.keyId);
      return key ? { ...state, apiKeys: new Map(state.apiKeys).set(key.keyId, { ...key, revoked: true }) } : state;
    }
    case 'RegistryAuditorDesignated':
      return { ...state, registryAuditor: true };
    case 'RegistryAuditorDesignationEnded':
      return { ...state, registryAuditor: false };
    case 'ContactRegistered': {
      const { contactId, email, name, language } = event.data;
      return { ...state, contacts: new Map(state.contacts).set(contactId, { contactId, email, name: name ?? null, language, removed: false }) };
    }
    case 'ContactRemoved': {
      const contact = state.contacts?.get(event.data.contactId);
      return contact ? { ...state, contacts: new Map(state.contacts).set(contact.contactId, { ...contact, removed: true }) } : state;
    }
    case 'WebhookSubscribed': {
      const { webhookId, url, types, collaborativeId } = event.data;
      const webhook = { webhookId, url, types: types ?? null, collaborativeId: collaborativeId ?? null, removed: false };
      return { ...state, webhooks: new Map(state.webhooks).set(webhookId, webhook) };
    }
    case 'WebhookRemoved': {
      const webhook = state.webhooks?.get(event.data.webhookId);
      return webhook ? { ...state, webhooks: new Map(state.webhooks).set(webhook.webhookId, { ...webhook, removed: true }) } : state;
    }
  }
}
