import { PDFArray, PDFDict, PDFName, type PDFRef } from 'pdf-lib';
import { openForUpdate, writeUpdate } from './update.js';

/**
 * Validation data for the archive (PAdES B-LT, ETSI EN 319 142-1 §5.4): the certificates of
 * the signatures' paths and the revocation lists that say they were not revoked, kept in the
 * PDF's Document Security Store (/DSS in the catalog: /Certs, /CRLs, /OCSPs, each an array of
 * streams holding the DER), appended after the last signature as an incremental update. No
 * signature covers it; verifiers accept it as validation data added after signing (pyHanko
 * calls it an LTA update). A DSS already there is extended, nothing in it dropped.
 */
export interface ValidationData {
  certificates: Buffer[];
  crls: Buffer[];
  ocsps?: Buffer[];
}

export async function appendDss(pdf: Uint8Array, data: ValidationData): Promise<Buffer> {
  const update = await openForUpdate(pdf);
  const { doc, catalogRef } = update;
  const { context } = doc;
  const stream = (der: Buffer): PDFRef => context.register(context.flateStream(der));
  const existing = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  const dss = existing ?? context.obj({});
  for (const [key, items] of [['Certs', data.certificates], ['CRLs', data.crls], ['OCSPs', data.ocsps ?? []]] as const) {
    if (items.length === 0) continue;
    const refs = items.map(stream);
    const old = dss.lookupMaybe(PDFName.of(key), PDFArray)?.asArray() ?? [];
    dss.set(PDFName.of(key), context.obj([...old, ...refs]));
  }
  const changed = new Set<PDFRef>([catalogRef]);
  const dssRef = doc.catalog.get(PDFName.of('DSS'));
  if (existing && dssRef && 'objectNumber' in dssRef) changed.add(dssRef as PDFRef);
  else doc.catalog.set(PDFName.of('DSS'), context.register(dss));
  // ISO 32000-2's extension for DSS (Adobe's ESIC level 5), as readers look for it.
  const extensions = doc.catalog.lookupMaybe(PDFName.of('Extensions'), PDFDict) ?? context.obj({});
  extensions.set(PDFName.of('ESIC'), context.obj({ BaseVersion: PDFName.of('1.7'), ExtensionLevel: 5 }));
  doc.catalog.set(PDFName.of('Extensions'), extensions);
  return writeUpdate(update, changed);
}
