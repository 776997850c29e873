import type { observerVi } from './observer.vi.js';

/** English texts of the observer's view (see observer.vi.ts). */
export const observerEn: Record<keyof typeof observerVi, string> = {
  'observer.intro': 'The sittings of the councils that invited you to follow them, and the documents the council shared with you.',
  'observer.councils': 'Guest of: {names}',
  'observer.noCouncil': 'You are not a guest of any council yet. Once invited, its sittings appear here.',
  'observer.live': 'Happening now',
  'observer.liveOpen': 'Watch the sitting “{title}” live and see all of it',
  'observer.sittings': 'Sittings',
  'observer.group.open': 'In session',
  'observer.group.published': 'Upcoming',
  'observer.group.closed': 'Held',
  'observer.noSittings': 'No sitting has been published yet. Once the council publishes its calendar, the sittings appear here.',
  'observer.documents': 'Documents for invited guests',
  'observer.documentsIntro': 'Documents the council allowed you in particular to read, beyond the public ones (those are on each sitting’s page).',
  'observer.noDocuments': 'No document has been shared with you yet.',
  'observer.docMeta': 'Version {version} · {pages} pages',
  'observer.loadingSittings': 'Loading the sittings…',
  'observer.loadingDocuments': 'Loading the documents…',
  'observer.noOtherSittings': 'No other sitting has been published yet.',
  'observer.documentsFailed': 'The documents could not be loaded. Please check the network connection and try again.',
  'observer.liveEnded': 'The sitting has ended. Its proceedings and results are on the sitting’s page.',
  'observer.sittingsFailed': 'The sittings could not be loaded. Please check the network connection and try again.',
};
