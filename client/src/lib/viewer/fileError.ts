/** Why a file could not be had, in terms the screen translates. */
export class FileError extends Error {
  constructor(readonly code: 'offline' | 'forbidden' | 'not_found' | 'server' | 'quota') {
    super(code);
  }
}

/** The FileError for an HTTP status the file route answered. */
export const httpError = (status: number) => new FileError(status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 503 ? 'offline' : 'server');

/** The server said the answer may not be kept (`Cache-Control: no-store`: a confidential document). */
export const refusesStorage = (res: Response) => /no-store/i.test(res.headers.get('cache-control') ?? '');
