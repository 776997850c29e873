import { describe, it, expect } from 'vitest';
import { nfc } from './nfc.js';

const NFC_TITLE = 'Nghị quyết về ngân sách';
const NFD_TITLE = NFC_TITLE.normalize('NFD');

describe('nfc', () => {
  it('turns a decomposed Vietnamese string into its precomposed form', () => {
    expect(NFD_TITLE).not.toBe(NFC_TITLE);
    expect(nfc(NFD_TITLE)).toBe(NFC_TITLE);
  });

  it('normalises strings at any depth, in arrays and in keys, without changing the input', () => {
    const input = { title: NFD_TITLE, options: [{ label: 'Lê Văn Cường'.normalize('NFD') }], ['Ghi chú'.normalize('NFD')]: ['Ấp Bắc'.normalize('NFD')] };
    const before = JSON.stringify(input);
    expect(nfc(input)).toEqual({ title: NFC_TITLE, options: [{ label: 'Lê Văn Cường' }], 'Ghi chú': ['Ấp Bắc'] });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('leaves numbers, booleans, null, Dates and Buffers as they are', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const bytes = Buffer.from('ị'.normalize('NFD'));
    const out = nfc({ n: 1, b: true, z: null, u: undefined, when, bytes });
    expect(out).toEqual({ n: 1, b: true, z: null, u: undefined, when, bytes });
    expect(out.when).toBe(when);
    expect(out.bytes).toBe(bytes);
  });

  it('keeps a null-prototype object (a parsed query string) null-prototype', () => {
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { title: NFD_TITLE, ids: ['a', 'b'] });
    const out = nfc(query);
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(out.title).toBe(NFC_TITLE);
  });

  it('copies a __proto__ key as an own property and never sets the prototype through it', () => {
    const parsed = JSON.parse(`{"__proto__": {"admin": true}, "name": "${NFD_TITLE}"}`) as Record<string, unknown>;
    const out = nfc(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { admin?: unknown }).admin).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(out.name).toBe(NFC_TITLE);
    expect(({} as { admin?: unknown }).admin).toBeUndefined();
  });

  it('survives cycles and nesting far deeper than the call stack', () => {
    const a: Record<string, unknown> = { name: NFD_TITLE };
    a.self = a;
    const out = nfc(a);
    expect(out.name).toBe(NFC_TITLE);
    expect(out.self).toBe(out);

    let deep: unknown = NFD_TITLE;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let walked = nfc(deep);
    for (let i = 0; i < 200_000; i++) walked = (walked as unknown[])[0];
    expect(walked).toBe(NFC_TITLE);
  });
});
