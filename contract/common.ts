import { z } from 'zod';

/** A MongoDB ObjectId as it travels on the wire. */
export const Id = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character hexadecimal id');

/** An ISO-8601 date (or date-time) on the wire. */
export const IsoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export const IdParams = z.object({ id: Id });
