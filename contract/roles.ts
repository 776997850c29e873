import { z } from 'zod';

/**
 * Roles belong to a council membership, never to a user globally: a person may chair
 * one council and be an ordinary delegate of another.
 */
export const Role = z.enum([
  'admin', // quản trị hệ thống of this council's unit and the units below it
  'secretariat', // văn phòng / thư ký
  'chair', // chủ tọa
  'delegate', // đại biểu
  'meeting_point_operator', // người vận hành điểm cầu
  'observer', // khách mời / quan sát viên
]);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;
