/**
 * Every socket.io room name, in one place: who receives what. A socket joins `login` and
 * `user` on connection, `session` while a session page follows its agenda, and `sitting`
 * once `sitting:join` admitted it.
 */
export const rooms = {
  /** The sockets of one sign-in (ended together at sign-out or expiry). */
  login: (loginId: string) => `login:${loginId}`,
  /** Every socket of one user (personal notices). */
  user: (userId: string) => `user:${userId}`,
  /** Screens following a council session (kỳ họp): agenda changes. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** Screens following a sitting (phiên họp): live changes, polls, the presenter's page. */
  sitting: (sittingId: string) => `sitting:${sittingId}`,
  /**
   * The peers of a sitting's video briefing (media signalling). Emitted to with `io.local`:
   * in a cluster each process serves its own room of the briefing (briefing/cascade.ts).
   */
  briefing: (sittingId: string) => `media:${sittingId}`,
} as const;
