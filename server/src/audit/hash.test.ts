import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { canonicalJson, entryHash, GENESIS_HASH, CanonicalJsonError } from './hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order never changes a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('writes dates as ISO strings and ObjectIds as hex', () => {
    const id = new Types.ObjectId('665f1c2e8b3c4a0012345678');
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), id })).toBe('{"at":"2026-01-02T03:04:05.006Z","id":"665f1c2e8b3c4a0012345678"}');
  });

  it('leaves out undefined object values and refuses values with no faithful JSON form', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ b: Buffer.from('x') })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([undefined])).toThrow(CanonicalJsonError);
  });
});

describe('entryHash', () => {
  it('is sha256(prevHash + "\\n" + canonical JSON of the entry without its hash)', () => {
    const entry = {
      chain: 'sitting:665f1c2e8b3c4a0012345678', seq: 1, at: new Date(0), actorId: null, action: 'agenda:setCurrent',
      subject: { kind: 'agendaItem', id: new Types.ObjectId('665f1c2e8b3c4a0012345679') }, data: { order: 2 }, prevHash: GENESIS_HASH,
    };
    const json = '{"action":"agenda:setCurrent","actorId":null,"at":"1970-01-01T00:00:00.000Z","chain":"sitting:665f1c2e8b3c4a0012345678",'
      + `"data":{"order":2},"prevHash":"${GENESIS_HASH}","seq":1,"subject":{"id":"665f1c2e8b3c4a0012345679","kind":"agendaItem"}}`;
    expect(entryHash(GENESIS_HASH, entry)).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${json}`).digest('hex'));
    expect(entryHash(GENESIS_HASH, { ...entry, hash: 'ignored', _id: 'ignored' } as typeof entry)).toBe(entryHash(GENESIS_HASH, entry));
  });

  it('starts every chain from 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});
