/** The part of the realtime layer that REST handlers may call. */
export interface RealtimeHub {
  /** Disconnects every socket of a sign-in session (after sign-out or expiry). */
  endLogin(sessionId: string, reason: 'signed_out' | 'idle_timeout' | 'expired' | 'account_disabled'): void;
  /** Broadcasts to everyone following a sitting. */
  toSitting(sittingId: string, event: 'agenda:changed', payload: { sessionId: string }): void;
  /** Broadcasts to everyone following a session's dossier. */
  toSession(sessionId: string, event: 'documents:changed', payload: { sessionId: string }): void;
}
