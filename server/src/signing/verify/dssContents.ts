import { X509Certificate } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { lastDefinitions, type ObjectText } from './pdfObjects.js';

/**
 * The validation data a PDF keeps for the archive (its Document Security Store, PAdES B-LT):
 * the DER of each CRL and certificate its /DSS lists, read from the bytes (the last catalog
 * the trailer names, its /DSS, the streams it points to), Flate-decoded. Nothing when there is
 * no DSS or it cannot be read.
 */
export interface DssContents { crls: Buffer[]; certificates: Buffer[] }

function streamOf(file: Buffer, objects: Map<string, ObjectText>, num: string): Buffer | null {
  const obj = objects.get(num);
  if (!obj) return null;
  const head = /stream\r?\n/.exec(obj.body);
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(obj.body);
  if (!head || !length) return null;
  const from = obj.start + head.index + head[0].length;
  const raw = file.subarray(from, from + Number(length[1]));
  try {
    return /\/Filter\s*\/FlateDecode/.test(obj.body.slice(0, head.index)) ? inflateSync(raw) : raw;
  } catch {
    return null;
  }
}

const refsIn = (dict: string, key: string) => [...(new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`).exec(dict)?.[1] ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => m[1]!);

export function dssContents(file: Buffer): DssContents {
  const none = { crls: [], certificates: [] };
  const text = file.toString('latin1');
  const root = [...text.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)].at(-1)?.[1];
  const objects = lastDefinitions(text);
  const catalog = root ? objects.get(root) : undefined;
  const dssRef = catalog && /\/DSS\s+(\d+)\s+\d+\s+R/.exec(catalog.body)?.[1];
  const dss = dssRef ? objects.get(dssRef) : undefined;
  if (!dss) return none;
  const read = (key: string) => refsIn(dss.body, key).map((n) => streamOf(file, objects, n)).filter((b): b is Buffer => b !== null);
  return { crls: read('CRLs'), certificates: read('Certs') };
}

/** The certificates among `ders` (one the DSS keeps that is not a certificate is left out). */
export function readableCertificates(ders: readonly Buffer[]): X509Certificate[] {
  return ders.flatMap((der) => {
    try {
      return [new X509Certificate(der)];
    } catch {
      return [];
    }
  });
}
