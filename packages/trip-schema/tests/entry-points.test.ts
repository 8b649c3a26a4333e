// The main entry must not load fast-check (an optional peer: decode users do not install it);
// the arbitraries live behind `@tripstream/trip-schema/arbitraries`.
import { describe, expect, it, vi } from 'vitest';

const loaded: string[] = [];
vi.mock('fast-check', async (importOriginal) => {
  loaded.push('fast-check');
  return importOriginal();
});

describe('entry points', () => {
  it('the main entry does not load fast-check, and exports no arbitraries or CLI internals', async () => {
    // eslint-disable-next-line @nx/enforce-module-boundaries -- the published name is the point
    const main = await import('@tripstream/trip-schema');
    expect(loaded).toEqual([]);
    expect(Object.keys(main)).toEqual(expect.arrayContaining(['decode', 'formatInstant']));
    for (const name of [
      'tripArbitrary',
      'watermarkArbitrary',
      'wireEventArbitrary',
      'tlcToWire',
      'TLC_TO_WIRE_HELP',
      'splitCsvLine',
    ]) {
      expect(main).not.toHaveProperty(name);
    }
  });

  it('the arbitraries subpath does, and exports the three arbitraries', async () => {
    // eslint-disable-next-line @nx/enforce-module-boundaries -- the published name is the point
    const arbitraries = await import('@tripstream/trip-schema/arbitraries');
    expect(loaded).toEqual(['fast-check']);
    expect(Object.keys(arbitraries).sort()).toEqual([
      'tripArbitrary',
      'watermarkArbitrary',
      'wireEventArbitrary',
    ]);
  });
});
