import type { PublicSitting, PublicStatus } from '../../../contract/portal.js';
import type { Deps } from '../app/deps.js';
import { itemsOfSitting, publicAgenda, sessionItems } from './agenda.js';
import { listedOnItems, publicDocumentsOf } from './documents.js';
import { publicPollsOf } from './polls.js';
import { publicQuestionsOf } from './questions.js';
import { publicMinutesOf } from './minutes.js';
import { publicResolutionsOf } from './resolutions.js';
import { publicLiveOf } from './live.js';
import { publicRecordingOf } from './recording.js';
import { loadPublicSitting, portalNotFound } from './visibility.js';

/**
 * Everything published about one public sitting: its agenda, public documents, published
 * poll results, questions and answers, signed minutes and resolutions, while open its live state, and once
 * closed its recording with chapters.
 * A draft or closed (họp kín) sitting, or one of a draft or cancelled session: `not_found`.
 */
export async function buildPublicSitting(deps: Deps, sittingId: string): Promise<PublicSitting> {
  const { sitting, session } = await loadPublicSitting(deps, sittingId);
  const council = await deps.models.Council.findById(sitting.councilId, { name: 1, electedTotal: 1 }).lean();
  if (!council) throw portalNotFound('phiên họp');
  const items = await sessionItems(deps, session._id);
  const keep = itemsOfSitting(items, sitting.agendaItemIds);
  const agenda = publicAgenda(items, keep);
  const id = String(sitting._id);
  const [documents, polls, questions, minutes, resolutions, live, recording] = await Promise.all([
    publicDocumentsOf(deps, session._id, keep, listedOnItems(items)),
    publicPollsOf(deps, sitting._id),
    publicQuestionsOf(deps, sitting._id),
    publicMinutesOf(deps, id),
    publicResolutionsOf(deps, sitting),
    sitting.status === 'open' ? publicLiveOf(deps, id, agenda) : Promise.resolve(null),
    publicRecordingOf(deps, sitting, agenda),
  ]);
  return {
    id, title: sitting.title, status: sitting.status as PublicStatus, date: sitting.date ?? null, startTime: sitting.startTime ?? null, venue: sitting.venue ?? '',
    council: { id: String(council._id), name: council.name, electedTotal: council.electedTotal },
    session: { id: String(session._id), number: session.number ?? '', title: session.title },
    agenda, documents, polls, questions, minutes, resolutions, live,
    ...(recording ? { recording } : {}),
  };
}
