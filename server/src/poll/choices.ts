import type { PollKind, PollOption } from '../../../contract/poll.js';
import { AppError } from '../platform/errors.js';

export interface PollDef {
  id: string; kind: PollKind; secret: boolean; options: PollOption[]; maxChoices: number;
}

export const RESOLUTION_OPTIONS: PollOption[] = [
  { key: 'yes', label: 'Đồng ý' }, { key: 'no', label: 'Không đồng ý' }, { key: 'abstain', label: 'Không biểu quyết' },
];
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;

/** The options a poll of this kind carries (a resolution always has the three fixed ones). */
export function optionsFor(kind: PollKind, given: PollOption[]): PollOption[] {
  return kind === 'resolution' ? RESOLUTION_OPTIONS : given;
}

const invalid = (why: string) => new AppError('validation_failed', `Phiếu không hợp lệ: ${why}. / Invalid ballot: ${why}.`, { issues: [{ path: 'choices', message: why }] });

/**
 * Checks a ballot's choices against its poll and returns them in canonical (sorted) order,
 * so equal ballots are stored equal. Refuses (never stores) an invalid ballot.
 */
export function canonicalChoices(poll: PollDef, choices: readonly string[]): string[] {
  const keys = new Set(poll.options.map((o) => o.key));
  const sorted = [...new Set(choices)].sort();
  if (sorted.length !== choices.length) throw invalid('duplicate choice');
  switch (poll.kind) {
    case 'resolution':
    case 'custom':
      if (sorted.length !== 1 || !keys.has(sorted[0]!)) throw invalid('choose exactly one option');
      return sorted;
    case 'election':
      if (sorted.length > poll.maxChoices) throw invalid(`at most ${poll.maxChoices} candidate(s)`);
      if (!sorted.every((c) => keys.has(c))) throw invalid('unknown candidate');
      return sorted;
    case 'confidence': {
      const persons = sorted.map((c) => c.split('='));
      const ok = persons.length === keys.size && persons.every(([p, l]) => keys.has(p!) && (CONFIDENCE_LEVELS as readonly string[]).includes(l!))
        && new Set(persons.map(([p]) => p)).size === keys.size;
      if (!ok) throw invalid('one level (high|medium|low) for each person');
      return sorted;
    }
  }
}
