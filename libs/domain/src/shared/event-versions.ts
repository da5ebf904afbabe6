/**
 * Event schema versions and upcasting. Every event type has a current schema version; events stored
 * under an older version are upcast step by step on read, so history stays readable forever.
 */

/** Turns the data of version `n` into the data of version `n + 1`. */
export type UpcastStep = (data: unknown) => unknown;

/** For each event type, the step out of each old version (keyed by that old version). */
export type UpcastSteps = Readonly<Record<string, Readonly<Record<number, UpcastStep>>>>;

export type Upcaster = (type: string, schemaVersion: number, data: unknown) => unknown;

/**
 * Builds `upcast(type, schemaVersion, data)` → data at the current version. Types not listed are
 * returned as is (they belong to no record, e.g. the ledger's own checkpoints); a version
 * newer than the current one was written by a newer ledger and cannot be read safely.
 */
export function createUpcaster(currentVersions: Readonly<Record<string, number>>, steps: UpcastSteps = {}): Upcaster {
  return (type, schemaVersion, data) => {
    if (!Object.hasOwn(currentVersions, type)) return data;
    const current = currentVersions[type];
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
      throw new RangeError(`${type} schema version ${schemaVersion} is not readable (current version is ${current})`);
    }
    let upcast = data;
    for (let version = schemaVersion; version < current; version += 1) {
      const step = steps[type]?.[version];
      if (!step) throw new RangeError(`no upcast step for ${type} from schema version ${version}`);
      upcast = step(upcast);
    }
    return upcast;
  };
}
