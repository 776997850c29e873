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
    /** What was appended is only what the archive adds (a DSS: certificates, CRLs; document timestamps), no change to the document. */
    validationDataOnly: boolean;
    /** What the updates after it changed beyond later signatures and validation data (a page, the catalog…); null: nothing. */
    changedAfter: string | null;
  };
  algorithm: string | null;
  digestMatches: boolean;
  signatureValid: boolean;
  /** ESS signing-certificate-v2 present and naming the signer's certificate. */
  essSigningCertificate: boolean;
  /** The CMS carries a signing-time attribute (PAdES baseline forbids it). */
  signingTimeAttribute: boolean;
  chain: ChainResult;
  /** The path against the CRLs the file keeps (its DSS); null when it keeps none or the chain is not trusted. */
  revocation: { checked: boolean; revoked: string | null; issuers: string[] } | null;
  timestamp: TimestampReport | null;
  /** A document timestamp made after this signature (the archive's, PAdES B-LTA): the first that fails, else the oldest; null when none. */
  archiveTimestamp: TimestampReport | null;
  /**
   * The PAdES baseline level reached (B-LT: B-T with revocation data kept in the file's DSS;
   * B-LTA: B-LT with a valid document timestamp over that DSS); null: not a PAdES baseline signature.
   */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA' | null;
  /** Made by a development-only signer (a PKCS#12 file, or a self-signed certificate). */
  development: boolean;
  /** Intact: covers what it claims, digest and signature value hold. */
  intact: boolean;
  /** Intact, trusted, and its timestamp and the document timestamps after it (if any) hold. */
  valid: boolean;
  problems: string[];
  /** The report in Vietnamese sentences. */
  sentences: string[];
}
