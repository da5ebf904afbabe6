/**
 * The schema version of every domain event type, and the upcast hook the read side applies to each
 * stored event before folding it: `upcast(type, schemaVersion, data)`. All versions are 1 today, so
 * it returns data as is; a future version 2 adds a step in UPCAST_STEPS.
 */
import { createUpcaster, type UpcastSteps } from './shared/event-versions';
import { ORGANIZATION_EVENT_SCHEMA_VERSIONS } from './organization/events';
import { COLLABORATIVE_EVENT_SCHEMA_VERSIONS } from './collaborative/events';
import { PARTNERSHIP_EVENT_SCHEMA_VERSIONS } from './partnership/events';
import { COMMITMENT_EVENT_SCHEMA_VERSIONS } from './commitment/events';
import { PLEDGE_EVENT_SCHEMA_VERSIONS } from './pledge/events';
import { RISK_AGREEMENT_EVENT_SCHEMA_VERSIONS } from './risk-agreement/events';
import { RESOLUTION_EVENT_SCHEMA_VERSIONS } from './resolution/events';
import { MEETING_EVENT_SCHEMA_VERSIONS } from './meeting/events';

export const EVENT_SCHEMA_VERSIONS = Object.freeze({
  ...ORGANIZATION_EVENT_SCHEMA_VERSIONS,
  ...COLLABORATIVE_EVENT_SCHEMA_VERSIONS,
  ...PARTNERSHIP_EVENT_SCHEMA_VERSIONS,
  ...COMMITMENT_EVENT_SCHEMA_VERSIONS,
  ...PLEDGE_EVENT_SCHEMA_VERSIONS,
  ...RISK_AGREEMENT_EVENT_SCHEMA_VERSIONS,
  ...RESOLUTION_EVENT_SCHEMA_VERSIONS,
  ...MEETING_EVENT_SCHEMA_VERSIONS,
});

export type DomainEventType = keyof typeof EVENT_SCHEMA_VERSIONS;

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(EVENT_SCHEMA_VERSIONS, type);
}

/** The version to stamp on a new event of this type. */
export function schemaVersionOf(type: DomainEventType): number {
  return EVENT_SCHEMA_VERSIONS[type];
}

/** Steps from old schema versions, per event type; none yet. */
const UPCAST_STEPS: UpcastSteps = {};

export const upcast = createUpcaster(EVENT_SCHEMA_VERSIONS, UPCAST_STEPS);
