/** The audit chains, one per subject: a sitting's (its changes, polls, minutes, accesses) and a document's (confidential reads). */
export const chains = {
  sitting: (sittingId: string) => `sitting:${sittingId}`,
  document: (documentId: string) => `document:${documentId}`,
  /** Accounts: the first administrator, creations, disablings and password resets (account/). */
  accounts: () => 'accounts',
  /** A council session's (kỳ họp) preparation: created, edited, cancelled. */
  session: (sessionId: string) => `session:${sessionId}`,
  /** A session's convening: the notice and invitations generated, and each sending. */
  convening: (sessionId: string) => `convening:${sessionId}`,
} as const;
