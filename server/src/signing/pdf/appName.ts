/**
 * /Prop_Build /App /Name written into each signature dictionary: the verifier reads it to
 * say that a signature was made by the development-only file signer.
 */
export const APP_NAME = 'HDND.so';
export const DEVELOPMENT_APP_NAME = 'HDND.so.development-file-signer';
