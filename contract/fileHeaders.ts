// Plain constants, no schema: the client's first script imports this without zod.
/**
 * Request header of the viewer's opening of a file (`Range: bytes=0-…` with it): a version
 * that may be kept (not confidential) and is no larger than this many bytes is answered
 * whole (200) rather than by the range asked, so a small file needs one request and one
 * round trip, not an opening and then the rest. A confidential one is answered by ranges
 * whatever its size: only the pages read leave the server. The server caps the value at
 * WHOLE_FILE_MAX_BYTES.
 */
export const WHOLE_BELOW_HEADER = 'X-Whole-File-Below';
export const WHOLE_FILE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The viewer's pdf.js reads a file by chunks of this many bytes (a scanner's PDF: pdf.js reads
 * every page's dictionary on opening, each beside its image, so the chunks are small).
 */
export const VIEWER_RANGE_CHUNK_BYTES = 2 * 1024;

/**
 * Request header of the viewer's opening (`Range: bytes=0-…,-…`, the head and the tail): the
 * chunk size its pdf.js reads in. The server records at upload which chunks pdf.js reads, at
 * VIEWER_RANGE_CHUNK_BYTES, to open the file and draw its first page; when the sizes agree,
 * the opening is answered with those chunks as well, in the same multipart/byteranges answer,
 * so pdf.js opens without a round trip per burst of reads (a 400-page scan: ~15 of them).
 */
export const OPENING_CHUNK_HEADER = 'X-Opening-Chunk';
