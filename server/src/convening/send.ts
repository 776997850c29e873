import type { Types } from 'mongoose';
import type { Deps } from '../app/deps.js';
import { AppError } from '../platform/errors.js';
import { appendAudit } from '../audit/append.js';
import { chains } from '../audit/chains.js';
import { conveningErrors } from './errors.js';
import { openMailer, type Delivery } from './mailer.js';
import { invitationNumber, type ConveningPaper } from './papers.js';
import { sealedInvitation } from './sealedPapers.js';
import { unitInSentence } from './facts.js';
import { dateSpan, slug } from './format.js';

export interface SendOptions {
  /** "Gửi lại": those already sent get it again. */
  resend: boolean;
  userIds?: string[];
  /** The product's address for the link in the letter. */
  baseUrl: string;
}

export interface SendOutcome {
  sent: number;
  failed: number;
  skipped: number;
}

/** The address invitations go to: the account's e-mail, or its login when that is one. */
export const addressOf = (u: { email?: string | null; login: string }) => u.email || (u.login.includes('@') ? u.login : null);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function letterText(c: ConveningPaper, name: string, link: string) {
  const f = c.facts;
  const when = dateSpan(new Date(f.session.startsAt), new Date(f.session.endsAt));
  const unit = unitInSentence(f.unitName);
  const lines = [
    `Kính gửi Ông/Bà ${name},`,
    '',
    `Thường trực Hội đồng nhân dân ${unit} trân trọng kính mời Ông/Bà tham dự ${f.session.name} (${when}${f.session.venue ? `, tại ${f.session.venue}` : ''}).`,
    `Giấy mời số ${invitationNumber(c.number)} gửi kèm thư này (tệp PDF). Giấy mời và tài liệu kỳ họp có trên hệ thống HĐND số: ${link}`,
    '',
    `Văn phòng Hội đồng nhân dân ${unit}`,
    '(Thư gửi tự động từ hệ thống HĐND số.)',
  ];
  const html = lines.map((l) => (l === '' ? '' : `<p>${escapeHtml(l).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`)).join('\n');
  return { text: lines.join('\n'), html };
}

/**
 * Sends each invitee their invitation by e-mail, the PDF attached, one after another; each
 * outcome is written to that invitation at once (sent at, or the error), so a failed address
 * never stops the others and nothing is lost if the process stops midway. Those already
 * sent are skipped unless `resend`. When the mail server itself cannot be reached, the rest
 * are marked with that error without trying each. One audit entry records the round.
 * Returns null when e-mail is not configured (nothing is attempted). Callers serialise this
 * per session.
 */
export async function sendInvitations(deps: Deps, sessionId: Types.ObjectId, c: ConveningPaper, actorId: string, opts: SendOptions): Promise<SendOutcome | null> {
  const mailer = openMailer(deps.config);
  if (!mailer) return null;
  const { Invitation, User } = deps.models;
  const filter: Record<string, unknown> = { sessionId };
  if (opts.userIds) filter.userId = { $in: opts.userIds };
  const all = await Invitation.find(filter).lean();
  const due = all.filter((i) => opts.resend || !i.sentAt);
  const users = new Map((await User.find({ _id: { $in: due.map((i) => i.userId) } }, { displayName: 1, email: 1, login: 1 }).lean()).map((u) => [String(u._id), u]));
  const link = `${opts.baseUrl}/`;
  const sent: string[] = [];
  const failed: Array<{ userId: string; error: string }> = [];
  let down: Delivery | null = null;
  try {
    for (const inv of due) {
      const user = users.get(String(inv.userId));
      const to = user ? addressOf(user) : null;
      let outcome: Delivery;
      if (!user || !to) outcome = { ok: false, serverDown: false, message: conveningErrors.noAddress() };
      else if (down) outcome = down;
      else {
        const fileName = `giay-moi-${slug(c.facts.session.name)}-${slug(user.displayName, 40)}.pdf`;
        const pdf = await sealedInvitation(deps, { councilId: inv.councilId, sessionId }, c, { displayName: user.displayName, role: inv.role as 'chair' | 'delegate' | 'observer' }, link, fileName)
          .catch((err: unknown) => { if (err instanceof AppError) return err; throw err; });
        const { text, html } = letterText(c, user.displayName, link);
        // The seal cannot be applied (token, signing service or timestamp authority down): this one and the rest wait, saying why.
        outcome = pdf instanceof AppError ? { ok: false, serverDown: true, message: pdf.message } : await mailer.send({
          to,
          subject: `Giấy mời dự ${c.facts.session.name} — ${c.facts.councilName}`,
          text,
          html,
          attachment: { fileName, content: pdf },
        });
        if (!outcome.ok && outcome.serverDown) down = outcome;
      }
      const at = new Date();
      if (outcome.ok) {
        await Invitation.updateOne({ _id: inv._id }, { $set: { sentAt: at, sentTo: to, sendError: null, lastAttemptAt: at } });
        sent.push(String(inv.userId));
      } else {
        await Invitation.updateOne({ _id: inv._id }, { $set: { sendError: outcome.message, lastAttemptAt: at } });
        failed.push({ userId: String(inv.userId), error: outcome.message.split(' / ')[0]!.slice(0, 200) });
      }
    }
  } finally {
    mailer.close();
  }
  await appendAudit(deps, {
    chain: chains.convening(String(sessionId)),
    actorId,
    action: opts.resend ? 'convening:resent' : 'convening:sent',
    subject: { kind: 'session', id: sessionId },
    data: { number: c.number, sent, failed, skipped: all.length - due.length },
  });
  return { sent: sent.length, failed: failed.length, skipped: all.length - due.length };
}
