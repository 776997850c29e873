import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ok, type Emit } from '../helpers/acks.js';
import { buildMembership, buildUnit, buildUser } from '../helpers/factories.js';
import { clientAs } from '../helpers/commentFixtures.js';
import { tinyPdf, uploadPdf } from '../helpers/documentFixtures.js';
import { watchProblems, type Engine, type Opened } from '../e2e/browser.js';
import { startSittingRig, type SittingRig } from '../e2e/sittingRig.js';
import { axeReport, type Violation } from './axe.js';

/**
 * The sitting rig (chair, secretary, the delegate under test, 44 more delegates) made into a
 * world where every page of the client has something to show: an admin, an observer and a
 * meeting-point operator of the council; the sitting on the agenda's items; a public report
 * and a council-only draft in the dossier; a comment on the draft.
 */
export async function startPagesWorld(engine: Engine = 'chromium') {
  const rig = await startSittingRig({ engine });
  const { server, f } = rig;
  const { deps } = server;
  const member = async (displayName: string, role: 'admin' | 'observer' | 'meeting_point_operator') => {
    const u = await buildUser(deps, { displayName });
    await buildMembership(deps, u._id, f.council._id, role);
    return String(u._id);
  };
  const unit = await buildUnit(deps, { name: 'Tỉnh Ninh Bình' });
  await deps.models.Council.updateOne({ _id: f.council._id }, { unitId: unit._id });
  const users = { admin: await member('Vũ Đức Quản', 'admin'), observer: await member('Hồ Thị Khách', 'observer'), operator: await member('Ngô Văn Cầu', 'meeting_point_operator') };
  await deps.models.Sitting.updateOne({ _id: f.sittingId }, { agendaItemIds: Object.values(f.items).map((i) => String(i._id)) });

  const clerk = await clientAs(server, f.secretary.id);
  const upload = async (title: string, kind: string, access: string) => {
    const res = await uploadPdf(clerk, f.sessionId, tinyPdf(2, title), { title, kind, access, agendaItemId: String(f.items.report._id), fileName: 'tai-lieu.pdf' });
    if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.data.document.id as string;
  };
  const docs = { report: await upload('Báo cáo kinh tế – xã hội 6 tháng', 'submission', 'public'), draft: await upload('Dự thảo Nghị quyết về ngân sách', 'draft_resolution', 'council') };
  const delegateClient = await clientAs(server, f.delegate.id);
  await delegateClient.post(`/api/documents/${docs.draft}/comments`, { page: 1, text: 'Đề nghị làm rõ nguồn vốn tại Điều 2.' });

  /** One page per role, opened on first use and navigated from then on. */
  const pages = new Map<string, Opened>();
  async function pageOf(who: string, userId: string | null, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const key = `${who}:${viewport.width}`;
    let opened = pages.get(key);
    if (!opened) {
      if (userId) opened = await rig.openAs(userId, '/', { viewport, hasTouch: who === 'delegate' });
      else {
        const context = await rig.browser.newContext({ viewport });
        const page = await context.newPage();
        opened = { context, page, problems: watchProblems(page) };
      }
      pages.set(key, opened);
    }
    return opened.page;
  }

  let sockets: { chair: Emit; secretary: Emit } | null = null;
  const commanders = async () => (sockets ??= { chair: await rig.joined(f.chair.id), secretary: await rig.joined(f.secretary.id) });
  /** Checks in one more delegate through a socket (the tablet's own check-in makes the quorum with it). */
  const checkInLate = async () => ok(await (await rig.joined(f.absent[0]!.id))('attendance:checkIn', { sittingId: f.sittingId, commandId: randomUUID(), status: 'online' }));

  return { rig, server, f, users, docs, unitId: String(unit._id), pageOf, commanders, checkInLate };
}

export type PagesWorld = Awaited<ReturnType<typeof startPagesWorld>>;

/** What axe says of the page as it is now: serious and critical violations, and what needs review. */
export const axeOf = (page: Page): Promise<{ serious: Violation[]; needsReview: number }> => axeReport((expr) => page.evaluate(expr));

export type { SittingRig };
