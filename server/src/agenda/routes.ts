import { Types } from 'mongoose';
import { z } from 'zod';
import { IdParams } from '../../../contract/common.js';
import { AgendaItemInput, AgendaItemPatch, AgendaItemView, AgendaReorder } from '../../../contract/agenda.js';
import type { Deps } from '../app/deps.js';
import { ApiRouter } from '../platform/http/apiRouter.js';
import { input } from '../platform/http/validate.js';
import { requireAuth, authOf } from '../auth/middleware.js';
import { errors } from '../platform/errors.js';
import { loadSession, requireMember, requireSecretariat } from '../council/loaders.js';
import { announceAgendaChange } from './announce.js';
import { toAgendaView, loadItem, assertParentOk } from './agendaItems.js';

const oid = (id: string) => new Types.ObjectId(id);

/** The agenda of a session: read by members, edited by the secretariat before and during sittings. */
export function agendaRoutes(deps: Deps): ApiRouter {
  const api = new ApiRouter('/api');
  const auth = requireAuth(deps);
  const { AgendaItem } = deps.models;

  api.route({ method: 'get', path: '/sessions/:id/agenda', tag: 'agenda', auth: true, summary: 'The agenda, flat, in order (parentId gives the nesting)', params: IdParams, response: z.array(AgendaItemView) }, auth, async (ctx) => {
    const session = await loadSession(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    await requireMember(deps, authOf(ctx), session.councilId);
    const items = await AgendaItem.find({ sessionId: session._id }).sort({ order: 1 }).lean();
    ctx.body = { ok: true, data: items.map(toAgendaView) };
  });

  api.route({ method: 'post', path: '/sessions/:id/agenda', tag: 'agenda', auth: true, summary: 'Add an item at the end of its parent (secretariat)', params: IdParams, body: AgendaItemInput, response: AgendaItemView }, auth, async (ctx) => {
    const { body, params } = input<AgendaItemInput, unknown, { id: string }>(ctx);
    const session = await loadSession(deps, params.id);
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    if (body.parentId) await assertParentOk(deps, session._id, body.parentId, null);
    const last = await AgendaItem.findOne({ sessionId: session._id, parentId: body.parentId ? oid(body.parentId) : null }).sort({ order: -1 }).lean();
    const item = await AgendaItem.create({
      ...body, sessionId: session._id, parentId: body.parentId ? oid(body.parentId) : null, order: (last?.order ?? 0) + 1,
      documentIds: body.documentIds.map(oid), pollIds: body.pollIds.map(oid),
    });
    await announceAgendaChange(deps, session._id);
    ctx.body = { ok: true, data: toAgendaView(item.toObject()) };
  });

  api.route({ method: 'patch', path: '/agenda/:id', tag: 'agenda', auth: true, summary: 'Edit an item (secretariat)', params: IdParams, body: AgendaItemPatch, response: AgendaItemView }, auth, async (ctx) => {
    const { body, params } = input<z.infer<typeof AgendaItemPatch>, unknown, { id: string }>(ctx);
    const { item, session } = await loadItem(deps, params.id);
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    const set: Record<string, unknown> = { ...body };
    if (body.parentId !== undefined) {
      if (body.parentId) await assertParentOk(deps, session._id, body.parentId, String(item._id));
      set.parentId = body.parentId ? oid(body.parentId) : null;
    }
    if (body.documentIds) set.documentIds = body.documentIds.map(oid);
    if (body.pollIds) set.pollIds = body.pollIds.map(oid);
    const updated = await AgendaItem.findByIdAndUpdate(item._id, { $set: set }, { returnDocument: 'after' }).lean();
    await announceAgendaChange(deps, session._id);
    ctx.body = { ok: true, data: toAgendaView(updated!) };
  });

  api.route({ method: 'delete', path: '/agenda/:id', tag: 'agenda', auth: true, summary: 'Delete an item without sub-items that no sitting is on (secretariat)', params: IdParams, response: z.null() }, auth, async (ctx) => {
    const { item, session } = await loadItem(deps, input<unknown, unknown, { id: string }>(ctx).params.id);
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    if (await AgendaItem.exists({ parentId: item._id })) throw errors.conflict('Nội dung này còn nội dung con; hãy xóa hoặc chuyển chúng trước. / Remove its sub-items first.');
    if (await deps.models.Sitting.exists({ sessionId: session._id, currentItemId: String(item._id) })) {
      throw errors.conflict('Phiên họp đang ở nội dung này; hãy chuyển nội dung khác trước. / A sitting is on this item now.');
    }
    await AgendaItem.deleteOne({ _id: item._id });
    await announceAgendaChange(deps, session._id);
    ctx.body = { ok: true, data: null };
  });

  api.route({ method: 'post', path: '/sessions/:id/agenda/reorder', tag: 'agenda', auth: true, summary: 'New order for the children of one parent (secretariat)', params: IdParams, body: AgendaReorder, response: z.array(AgendaItemView) }, auth, async (ctx) => {
    const { body, params } = input<z.infer<typeof AgendaReorder>, unknown, { id: string }>(ctx);
    const session = await loadSession(deps, params.id);
    await requireSecretariat(deps, authOf(ctx), session.councilId);
    const siblings = await AgendaItem.find({ sessionId: session._id, parentId: body.parentId ? oid(body.parentId) : null }, { _id: 1 }).lean();
    const ids = new Set(siblings.map((s) => String(s._id)));
    if (body.itemIds.length !== ids.size || new Set(body.itemIds).size !== ids.size || !body.itemIds.every((id) => ids.has(id))) {
      throw errors.conflict('Danh sách cần sắp xếp không khớp với chương trình hiện tại; hãy tải lại. / The list does not match the agenda; reload it.');
    }
    // One write per item (no transactions); the final order is whole once all are written.
    await Promise.all(body.itemIds.map((id, i) => AgendaItem.updateOne({ _id: oid(id) }, { $set: { order: i + 1 } })));
    await announceAgendaChange(deps, session._id);
    const items = await AgendaItem.find({ sessionId: session._id }).sort({ order: 1 }).lean();
    ctx.body = { ok: true, data: items.map(toAgendaView) };
  });

  return api;
}
