/**
 * Unicode NFC for everything that comes in. Vietnamese can be typed precomposed ("ị", one
 * code point) or decomposed ("i" + dot below), and some keyboards and macOS file names send
 * the second: stored as sent, the same title would then not be found by a search or sorted
 * next to its twin. Every boundary (REST validation, socket payloads, CSV uploads) passes
 * what it decoded through `nfc` before validating it, so only NFC is ever stored.
 *
 * Passwords go through it too (NIST SP 800-63B asks verifiers to normalise them), so a
 * password typed either way matches; ASCII passwords are unchanged by any normalisation, so
 * every existing hash keeps working (password.ts also accepts a hash of the decomposed form).
 */

type Container = Record<string, unknown> | unknown[];

/** Arrays and plain objects (JSON, query strings); Dates, Buffers and class instances are left alone. */
function isContainer(v: unknown): v is Container {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with every string (values and keys, at any depth) in NFC. Non-strings
 * are kept as they are; the input is never modified. Cycles and shared references keep their
 * shape; a walk with its own stack, so no nesting depth overflows the call stack. A key named
 * `__proto__` (which JSON.parse makes an own property) is copied as an own property, its value
 * untouched, never through the prototype setter.
 */
export function nfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (!isContainer(value)) return value;
  const copies = new Map<Container, Container>();
  const work: Array<[Container, Container]> = [];
  const copyOf = (v: unknown): unknown => {
    if (typeof v === 'string') return v.normalize('NFC');
    if (!isContainer(v)) return v;
    const seen = copies.get(v);
    if (seen) return seen;
    const copy: Container = Array.isArray(v) ? new Array<unknown>(v.length) : Object.create(Object.getPrototypeOf(v) as object | null);
    copies.set(v, copy);
    work.push([v, copy]);
    return copy;
  };
  const root = copyOf(value);
  for (let next = work.pop(); next; next = work.pop()) {
    const [from, to] = next;
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) (to as unknown[])[i] = copyOf(from[i]);
      continue;
    }
    for (const key of Object.keys(from)) {
      const own = key === '__proto__';
      Object.defineProperty(to, own ? key : key.normalize('NFC'), {
        value: own ? from[key] : copyOf(from[key]), enumerable: true, writable: true, configurable: true,
      });
    }
  }
  return root as T;
}
