import { createUpcaster } from './event-versions';

describe('createUpcaster', () => {
  const upcast = createUpcaster(
    { ThingHappened: 3, OtherHappened: 1 },
    {
      ThingHappened: {
        1: (data) => ({ ...(data as object), unit: 'each' }),
        2: (data) => ({ ...(data as object), version: 3 }),
      },
    },
  );

  it('returns current-version data as it is', () => {
    const data = { n: 1 };
    expect(upcast('OtherHappened', 1, data)).toBe(data);
  });

  it('applies every step from the stored version to the current one, in order', () => {
    expect(upcast('ThingHappened', 1, { n: 1 })).toEqual({ n: 1, unit: 'each', version: 3 });
    expect(upcast('ThingHappened', 2, { n: 1 })).toEqual({ n: 1, version: 3 });
  });

  it('passes through event types it does not own', () => {
    expect(upcast('ApiKeyIssued', 7, { keyId: 'k' })).toEqual({ keyId: 'k' });
  });

  it('refuses versions it cannot read', () => {
    expect(() => upcast('ThingHappened', 4, {})).toThrow(/not readable/);
    expect(() => upcast('ThingHappened', 0, {})).toThrow(/not readable/);
    expect(() => upcast('ThingHappened', 1.5, {})).toThrow(/not readable/);
  });

  it('refuses a gap in the steps', () => {
    const broken = createUpcaster({ ThingHappened: 2 });
    expect(() => broken('ThingHappened', 1, {})).toThrow(/no upcast step/);
  });
});
