import type { DocumentUploadResult } from '../../../../contract/document.js';
import type { ApiError, ApiResult } from '../api.js';

/** A running upload: its outcome, and a way to stop it. */
export interface RunningUpload {
  done: Promise<ApiResult<DocumentUploadResult> | { ok: false; error: 'aborted' }>;
  abort(): void;
}

/**
 * Sends one PDF to `POST /api/sessions/:id/documents` as the raw body, metadata in the query.
 * XMLHttpRequest, not fetch: fetch reports no upload progress. `onProgress` gets the bytes
 * sent and the total. Never throws; the server's refusal comes back as its error body (its
 * message, "Tiếng Việt / English", is what the secretary reads next to the file).
 */
export function uploadDocument(sessionId: string, file: File, query: Record<string, string | string[] | undefined>, onProgress: (sent: number, total: number) => void): RunningUpload {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, value);
  }
  const xhr = new XMLHttpRequest();
  const done = new Promise<ApiResult<DocumentUploadResult> | { ok: false; error: 'aborted' }>((resolve) => {
    xhr.open('POST', `/api/sessions/${sessionId}/documents?${params.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    // The server judges the content, whatever the browser thinks the file is.
    xhr.setRequestHeader('content-type', 'application/pdf');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (body && typeof body === 'object' && typeof (body as { ok?: unknown }).ok === 'boolean') resolve(body as ApiResult<DocumentUploadResult>);
      else resolve({ ok: false, error: xhr.status === 503 ? 'not_ready' : xhr.status === 413 ? 'payload_too_large' : 'internal_error', message: '' } satisfies ApiError);
    };
    // A refused large body may end with the connection closed before the answer is read.
    xhr.onerror = () => resolve({ ok: false, error: 'network_error', message: '' });
    xhr.onabort = () => resolve({ ok: false, error: 'aborted' });
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
