/** The audit chains, one per subject: a sitting's (its changes, polls, minutes, accesses) and a document's (confidential reads). */
export const chains = {
  sitting: (sittingId: string) => `sitting:${sittingId}`,
  document: (documentId: string) => `document:${documentId}`,
  /** A session's convening: the notice and invitations generated, and each sending. */
  convening: (sessionId: string) => `convening:${sessionId}`,
  /** Accounts: the first administrator, creations, disablings and password resets (account/). */
  accounts: () => 'accounts',
  /** A council session's (kỳ họp) preparation: created, edited, cancelled. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** Organisation: a unit's changes (created, renamed, moved) and its meeting points'. */
  unit: (unitId: string) => `unit:${unitId}`,
  /** Organisation: a council's changes and who holds which role in it (memberships). */
  council: (councilId: string) => `council:${councilId}`,
} as const;
