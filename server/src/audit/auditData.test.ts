import { describe, it, expect } from 'vitest';
import { normaliseAuditData, AuditInputError } from './auditData.js';

describe('normaliseAuditData', () => {
  it.each(['password', 'token', 'choice', 'choices', 'ballot', 'Choice'])('refuses a %s key, even nested', (key) => {
    expect(() => normaliseAuditData({ [key]: 'x' })).toThrow(AuditInputError);
    expect(() => normaliseAuditData({ votes: [{ [key]: 'x' }] })).toThrow(/never enter the audit log/);
  });

  it.each([
    ['an array inside an array', { a: [[1]] }],
    ["a key with '.'", { 'a.b': 1 }],
    ["a key starting with '$'", { $set: 1 }],
    ['NaN (FerretDB drops the connection)', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['a lone surrogate (stored as U+FFFD)', { s: 'x\uD800' }],
    ['a Buffer', { b: Buffer.from('x') }],
    ['a function', { f: () => 1 }],
  ])('refuses %s', (_what, data) => {
    expect(() => normaliseAuditData(data)).toThrow(AuditInputError);
  });

  it('copies what the database will give back: undefined keys dropped, -0 as 0', () => {
    const source = { a: undefined, z: -0, nested: { list: [{ k: 'v' }] } };
    const copy = normaliseAuditData(source);
    expect(copy).toEqual({ z: 0, nested: { list: [{ k: 'v' }] } });
    expect(Object.is(copy.z, 0)).toBe(true);
    source.nested.list[0]!.k = 'changed';
    expect(copy).toEqual({ z: 0, nested: { list: [{ k: 'v' }] } });
  });

  it('refuses a cyclic object instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => normaliseAuditData(cyclic)).toThrow(/nested deeper/);
  });
});
