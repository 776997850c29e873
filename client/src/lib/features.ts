import type { Role } from '../../../contract/roles.js';
import type { MessageKey } from './i18n/index.js';
import type { IconName } from './icons.js';

/**
 * A role's main task: a shortcut on the home page. The chair's and the secretariat's open a
 * session picker (see routes.ts), the documents one the sessions' dossiers, the admin's the
 * admin workspace (/quan-tri), the operator's the briefings, the observer's (guests and press)
 * their sittings live and the documents granted to them (/theo-doi). A path with no page of
 * its own yet shows a placeholder (routes.ts: 'soon').
 */
export interface Feature {
  path: string;
  roles: readonly Role[];
  label: MessageKey;
  hint: MessageKey;
  icon: IconName;
}

export const FEATURES: readonly Feature[] = [
  { path: '/dieu-hanh', roles: ['chair'], label: 'feature.chair', hint: 'feature.chair.hint', icon: 'gavel' },
  { path: '/chuan-bi', roles: ['secretariat'], label: 'feature.secretariat', hint: 'feature.secretariat.hint', icon: 'clipboard' },
  { path: '/hop-truc-tuyen', roles: ['meeting_point_operator'], label: 'feature.operator', hint: 'feature.operator.hint', icon: 'video' },
  { path: '/tai-lieu', roles: ['delegate', 'chair', 'secretariat'], label: 'feature.delegate', hint: 'feature.delegate.hint', icon: 'file' },
  { path: '/quan-tri', roles: ['admin'], label: 'feature.admin', hint: 'feature.admin.hint', icon: 'settings' },
  { path: '/theo-doi', roles: ['observer'], label: 'feature.observer', hint: 'feature.observer.hint', icon: 'eye' },
];

/** The shortcuts for a user holding these roles (in any council), in a fixed order. */
export function featuresFor(roles: Iterable<Role>): Feature[] {
  const held = new Set(roles);
  return FEATURES.filter((f) => f.roles.some((r) => held.has(r)));
}

export function featureAt(path: string): Feature | undefined {
  return FEATURES.find((f) => f.path === path.replace(/\/+$/, ''));
}
