import type { ChainResult } from './chain.js';
import type { TimestampReport } from './timestampCheck.js';

/** What the verifier found about one signature of a PDF (structured; `sentences` says it in Vietnamese). */
export interface SignatureReport {
  /** 1-based, in file order. */
  index: number;
  subFilter: string | null;
  signer: { commonName: string | null; organisation: string | null; subject: string; fingerprint: string } | null;
  /** The PDF's /M (claimed, not proven). */
  claimedTime: Date | null;
  coverage: {
    /** The byte range is well formed: from byte 0, around exactly the /Contents hole. */
    wellFormed: boolean;
    /** It covers the whole file: nothing was added after this signature. */
    wholeFile: boolean;
    fileBytes: number;
    /** Bytes after the signed part (an incremental update: later signatures, or changes). */
    appendedBytes: number;
    /** Signatures that lie in the appended part. */
    laterSignatures: number;
  };
  algorithm: string | null;
  digestMatches: boolean;
  signatureValid: boolean;
  /** ESS signing-certificate-v2 present and naming the signer's certificate. */
  essSigningCertificate: boolean;
  /** The CMS carries a signing-time attribute (PAdES baseline forbids it). */
  signingTimeAttribute: boolean;
  chain: ChainResult;
  timestamp: TimestampReport | null;
  /** The PAdES baseline level reached; null: not a PAdES baseline signature. */
  level: 'B-B' | 'B-T' | null;
  /** Made by a development-only signer (a PKCS#12 file, or a self-signed certificate). */
  development: boolean;
  /** Intact: covers what it claims, digest and signature value hold. */
  intact: boolean;
  /** Intact, trusted, and its timestamp (if any) holds. */
  valid: boolean;
  problems: string[];
  /** The report in Vietnamese sentences. */
  sentences: string[];
}
