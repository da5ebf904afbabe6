import type { client } from './http-client';

export interface SeedMember {
  id: string;
  sector: string;
  role: 'steward' | 'member' | 'auditor' | 'observer';
}

/**
 * The operator registers the organizations, forms the collaborative with them as members and issues
 * each its API key, each step checked — the common start of the HTTP suites. (Issuing a key is an
 * event on the log, so keys are issued here rather than on a test's first request.)
 */
export async function seedCollaborative(http: ReturnType<typeof client>, collaborativeId: string, members: SeedMember[]): Promise<void> {
  for (const { id, sector } of members) {
    expect((await http.asOperator('/organizations', { id, name: id, sector })).status).toBe(201);
  }
  expect((await http.asOperator('/collaboratives', { id: collaborativeId, name: 'Upper Valley', region: 'Upper Valley', pathwayPhase: 5 })).status).toBe(201);
  for (const { id, role } of members) {
    expect((await http.asOperator(`/collaboratives/${collaborativeId}/members`, { organizationId: id, role })).status).toBe(200);
  }
  for (const { id } of members) await http.keyOf(id);
}
