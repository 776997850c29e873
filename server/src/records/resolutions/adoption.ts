import { Types } from 'mongoose';
import type { AdoptionView } from '../../../../contract/resolutions.js';
import type { Threshold, TallyView } from '../../../../contract/poll.js';
import type { Deps } from '../../app/deps.js';
import { errors } from '../../platform/errors.js';
import { thresholdText } from '../minutes/pollRecord.js';
import { resolutionErrors } from './resolutionErrors.js';

/** A resolution poll that passed, with what its resolution's text and heading are made of. */
export interface Adoption {
  pollId: string;
  title: string;
  sittingId: string;
  sittingTitle: string;
  sessionId: string;
  sessionTitle: string;
  council: { _id: Types.ObjectId; name: string; term: string; unitId: Types.ObjectId };
  unitName: string | null;
  agendaItemId: string | null;
  view: AdoptionView;
}

interface PollLean { _id: Types.ObjectId; sittingId: Types.ObjectId; councilId: Types.ObjectId; agendaItemId?: Types.ObjectId | null; title: string; kind: string; status: string; round: number; threshold: unknown }
type ClosureLean = { _id: string; closedAt: Date; tally: TallyView | null };

const count = (tally: TallyView, key: string) => tally.counts.find((c) => c.key === key)?.count ?? 0;

/** The adoption's figures from the closing round's tally, or null when it did not pass. */
function adoptionView(poll: PollLean, closure: ClosureLean | null): AdoptionView | null {
  const tally = closure?.tally;
  if (!tally || tally.outcome !== 'PASSED') return null;
  return {
    yes: count(tally, 'yes'), no: count(tally, 'no'), abstain: count(tally, 'abstain'), electedTotal: tally.electedTotal,
    thresholdText: thresholdText((tally.threshold ?? poll.threshold) as Threshold), adoptedAt: closure!.closedAt.toISOString(),
  };
}

const closureIds = (polls: PollLean[]) => polls.map((p) => `${String(p._id)}:${p.round}`);

/** The resolution polls of these sittings that passed, in the order they were taken. */
export async function adoptedIn(deps: Deps, sittingIds: Types.ObjectId[]): Promise<Array<{ poll: PollLean; view: AdoptionView }>> {
  const polls = await deps.models.Poll.find({ sittingId: { $in: sittingIds }, kind: 'resolution', status: { $in: ['closed', 'published'] } }).sort({ closedAt: 1, createdAt: 1 }).lean<PollLean[]>();
  const closures = new Map((await deps.models.PollClosure.find({ _id: { $in: closureIds(polls) } }).lean<ClosureLean[]>()).map((c) => [c._id, c]));
  return polls.flatMap((poll) => {
    const view = adoptionView(poll, closures.get(`${String(poll._id)}:${poll.round}`) ?? null);
    return view ? [{ poll, view }] : [];
  });
}

/** The council that took poll `pollId` (to authorise before anything about the poll is told); not found otherwise. */
export async function councilOfPoll(deps: Deps, pollId: string): Promise<string> {
  const poll = Types.ObjectId.isValid(pollId) ? await deps.models.Poll.findById(pollId, { councilId: 1 }).lean<{ councilId: Types.ObjectId }>() : null;
  if (!poll) throw errors.notFound('biểu quyết');
  return String(poll.councilId);
}

/** The adoption of poll `pollId`; a conflict when the poll is not a passed resolution vote. */
export async function adoptionOf(deps: Deps, pollId: string): Promise<Adoption> {
  const poll = Types.ObjectId.isValid(pollId) ? await deps.models.Poll.findById(pollId).lean<PollLean>() : null;
  if (!poll) throw errors.notFound('biểu quyết');
  const closure = poll.kind === 'resolution' ? await deps.models.PollClosure.findById(`${pollId}:${poll.round}`).lean<ClosureLean>() : null;
  const view = adoptionView(poll, closure);
  if (!view) throw resolutionErrors.notAdopted();
  const sitting = await deps.models.Sitting.findById(poll.sittingId, { title: 1, sessionId: 1 }).lean();
  const [session, council] = await Promise.all([
    deps.models.CouncilSession.findById(sitting?.sessionId, { title: 1 }).lean(),
    deps.models.Council.findById(poll.councilId, { name: 1, term: 1, unitId: 1 }).lean<Adoption['council']>(),
  ]);
  if (!sitting || !session || !council) throw errors.notFound('phiên họp');
  const unit = await deps.models.Unit.findById(council.unitId, { name: 1 }).lean();
  return {
    pollId, title: poll.title, sittingId: String(poll.sittingId), sittingTitle: sitting.title, sessionId: String(sitting.sessionId), sessionTitle: session.title,
    council, unitName: unit?.name ?? null, agendaItemId: poll.agendaItemId ? String(poll.agendaItemId) : null, view,
  };
}
