import type { PollCreate, PollKind, PollOption, PollUpdate, PollView, Threshold } from '../../../../contract/poll.js';

/** What the secretariat's form edits before it becomes a poll:create. */
export interface PollDraft {
  kind: PollKind;
  title: string;
  secret: boolean;
  /** Candidates, persons or options, one per line. */
  lines: string;
  maxChoices: number;
  threshold: Threshold['kind'];
  numerator: number;
  denominator: number;
  strict: boolean;
  /** The counting committee (ban kiểm phiếu), one name per line. */
  committee: string;
  agendaItemId: string | null;
}

export const emptyDraft = (): PollDraft => ({
  kind: 'resolution', title: '', secret: false, lines: '', maxChoices: 1, threshold: 'more_than_half',
  numerator: 1, denominator: 2, strict: true, committee: '', agendaItemId: null,
});

/** A draft poll as the form edits it (poll:update replaces it whole). */
export function draftOf(poll: PollView): PollDraft {
  const t = poll.threshold;
  return {
    kind: poll.kind, title: poll.title, secret: poll.secret,
    lines: poll.kind === 'resolution' ? '' : poll.options.map((o) => o.label).join('\n'),
    maxChoices: poll.maxChoices, threshold: t.kind,
    numerator: t.kind === 'custom' ? t.numerator : 1, denominator: t.kind === 'custom' ? t.denominator : 2, strict: t.kind === 'custom' ? t.strict : true,
    committee: poll.countingCommittee.join('\n'), agendaItemId: poll.agendaItemId,
  };
}

const linesOf = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** Option keys are generated (o1, o2…): the labels are what people read. */
export function optionsOf(draft: PollDraft): PollOption[] {
  if (draft.kind === 'resolution') return [];
  const prefix = draft.kind === 'confidence' ? 'p' : draft.kind === 'election' ? 'c' : 'o';
  return linesOf(draft.lines).map((label, i) => ({ key: `${prefix}${i + 1}`, label }));
}

/** The field that is wrong, if any, as a message key suffix. */
export function draftProblem(draft: PollDraft): 'title' | 'options' | 'maxChoices' | 'threshold' | null {
  if (!draft.title.trim()) return 'title';
  const n = optionsOf(draft).length;
  if (draft.kind !== 'resolution' && n < (draft.kind === 'custom' ? 2 : 1)) return 'options';
  if (draft.kind === 'election' && !(Number.isInteger(draft.maxChoices) && draft.maxChoices >= 1 && draft.maxChoices <= n)) return 'maxChoices';
  if (draft.threshold === 'custom' && !(draft.denominator >= 1 && draft.numerator >= 0 && draft.numerator <= draft.denominator)) return 'threshold';
  return null;
}

export function createPayload(draft: PollDraft, sittingId: string): Omit<PollCreate, 'commandId'> {
  const threshold: Threshold = draft.threshold === 'custom'
    ? { kind: 'custom', numerator: draft.numerator, denominator: draft.denominator, strict: draft.strict }
    : { kind: draft.threshold };
  return {
    sittingId, agendaItemId: draft.agendaItemId, title: draft.title.trim(), kind: draft.kind, secret: draft.secret,
    options: optionsOf(draft), maxChoices: draft.kind === 'election' ? draft.maxChoices : 1, threshold,
    countingCommittee: linesOf(draft.committee),
  };
}

/** poll:update's payload: the whole draft again, for the poll being edited. */
export function updatePayload(draft: PollDraft, pollId: string): Omit<PollUpdate, 'commandId'> {
  const { sittingId: _sittingId, ...fields } = createPayload(draft, '');
  return { ...fields, pollId };
}
