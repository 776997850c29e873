import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { oids } from '../cms/oids.js';

/** What an RFC 3161 TimeStampToken says: when, for which imprint, by whom; and its CMS, for checking its signature. */
export interface TimestampToken {
  signedData: pkijs.SignedData;
  /** The TSTInfo's DER (the token's signed content). */
  content: Buffer;
  genTime: Date;
  imprintHashOid: string;
  imprint: Buffer;
  nonce: bigint | null;
  /** The TSA's name as the token states it (a directoryName), when it does. */
  tsaName: string | null;
  serial: string;
}

/** The bytes of an OCTET STRING, also when BER splits it into pieces. */
export function octets(value: asn1js.OctetString): Buffer {
  if (!value.idBlock.isConstructed) return Buffer.from(value.valueBlock.valueHexView);
  return Buffer.concat((value.valueBlock.value as asn1js.OctetString[]).map(octets));
}

const bigintOf = (bytes: ArrayBuffer | Uint8Array) => BigInt(`0x${Buffer.from(bytes as Uint8Array).toString('hex') || '0'}`);

/** Reads a TimeStampToken (ContentInfo, DER); null when it is not one. */
export function readTimestampToken(der: Buffer | Uint8Array): TimestampToken | null {
  try {
    const info = pkijs.ContentInfo.fromBER(der);
    if (info.contentType !== oids.signedData) return null;
    const signedData = new pkijs.SignedData({ schema: info.content });
    const eContent = signedData.encapContentInfo;
    if (eContent.eContentType !== oids.tstInfo || !eContent.eContent) return null;
    const content = octets(eContent.eContent);
    const tst = pkijs.TSTInfo.fromBER(content);
    let tsaName: string | null = null;
    if (tst.tsa?.type === 4) {
      tsaName = (tst.tsa.value as pkijs.RelativeDistinguishedNames).typesAndValues
        .map((tv) => `${shortName(tv.type)}=${String((tv.value as asn1js.Utf8String).valueBlock.value)}`).join(', ');
    }
    return {
      signedData, content, genTime: tst.genTime,
      imprintHashOid: tst.messageImprint.hashAlgorithm.algorithmId,
      imprint: Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
      nonce: tst.nonce ? bigintOf(tst.nonce.valueBlock.valueHexView) : null,
      tsaName,
      serial: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex'),
    };
  } catch {
    return null;
  }
}

const SHORT: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };
const shortName = (oid: string) => SHORT[oid] ?? oid;
