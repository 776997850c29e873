import { z } from 'zod';

/** One session (kỳ họp) of my councils, as the home page lists it. */
export const SessionSummary = z.object({
  id: z.string(),
  councilId: z.string(),
  councilName: z.string(),
  title: z.string(),
  kind: z.enum(['regular', 'thematic', 'extraordinary']),
  status: z.enum(['draft', 'published', 'open', 'closed']),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string(),
  agendaItems: z.number().int(),
  documents: z.number().int(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
