import type { PollView, Threshold } from '../../../../contract/poll.js';
import { fractionOf, requiredYes } from '../../../../contract/threshold.js';
import { t, type MessageKey } from '../i18n/index.js';

/** The three levels of a confidence poll, in the order of the ballot paper. */
export const LEVELS = ['high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];

/** An option's text: a resolution's fixed options and confidence levels in the reader's language. */
export function optionLabel(poll: Pick<PollView, 'kind' | 'options'>, key: string): string {
  if (poll.kind === 'resolution' && ['yes', 'no', 'abstain'].includes(key)) return t(`poll.option.${key}` as MessageKey);
  return poll.options.find((o) => o.key === key)?.label ?? key;
}

export const levelLabel = (level: string): string => t(`poll.level.${level}` as MessageKey);

/** A ballot in words: "Đồng ý"; "Nguyễn A, Trần B"; "Nguyễn A: Tín nhiệm cao; …". */
export function choiceText(poll: Pick<PollView, 'kind' | 'options'>, choices: readonly string[]): string {
  if (poll.kind === 'confidence') {
    return choices
      .map((c) => c.split('='))
      .map(([person, level]) => `${optionLabel(poll, person ?? '')}: ${levelLabel(level ?? '')}`)
      .join('; ');
  }
  if (poll.kind === 'election' && choices.length === 0) return t('poll.noCandidate');
  return choices.map((c) => optionLabel(poll, c)).join(', ');
}

/** The fewest votes that pass against N: the rule the server counts by (contract/threshold.ts). */
export const requiredVotes = requiredYes;

/** "Trên 1/2 tổng số đại biểu (cần ít nhất 26/50)". */
export function thresholdText(th: Threshold, N: number): string {
  const { num, den, strict } = fractionOf(th);
  const rule = th.kind === 'custom'
    ? t(strict ? 'poll.threshold.customStrict' : 'poll.threshold.customAtLeast', { num, den })
    : t(`poll.threshold.${th.kind}` as MessageKey);
  const need = requiredVotes(N, th);
  return need === null ? rule : t('poll.threshold.need', { rule, need, total: N });
}

export const kindLabel = (kind: PollView['kind']): string => t(`poll.kind.${kind}` as MessageKey);
