/** The audit chains, one per subject: a sitting's (its changes, polls, minutes, accesses) and a document's (confidential reads). */
export const chains = {
  sitting: (sittingId: string) => `sitting:${sittingId}`,
  document: (documentId: string) => `document:${documentId}`,
} as const;
