/** The roles an organization holds in a collaborative. Apart from the commands so that the charter can name roles without importing them. */
export const MEMBER_ROLES = ['steward', 'member', 'auditor', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
