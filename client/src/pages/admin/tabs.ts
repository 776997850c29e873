import type { Component } from 'svelte';
import type { MessageKey } from '../../lib/i18n/index.js';
import type { AdminScope } from '../../lib/admin/scope.svelte.js';
import UnitsTab from './UnitsTab.svelte';
import CouncilsTab from './CouncilsTab.svelte';
import MembersTab from './MembersTab.svelte';
import MeetingPointsTab from './MeetingPointsTab.svelte';
import ImportTab from './ImportTab.svelte';
import AccountsPanel from './AccountsPanel.svelte';
import SealTab from './SealTab.svelte';

/**
 * What every admin tab is given: the admin's scope (units, councils), the council the
 * council-bound tabs share (bindable), and a way to open another tab on a council. A tab
 * reads the props it needs and ignores the rest.
 */
export interface AdminTabProps {
  scope: AdminScope;
  councilId?: string;
  onopen?: (councilId: string) => void;
}

export interface AdminTab {
  /** The tab's address: /quan-tri#<slug>. */
  slug: string;
  label: MessageKey;
  component: Component<AdminTabProps, Record<string, never>, 'councilId'>;
}

/**
 * The tabs of /quan-tri, in order. ACCOUNTS SLOT: the accounts panel (Tài khoản,
 * AccountsPanel.svelte) is one more entry here, e.g.
 *   { slug: 'tai-khoan', label: 'admin.tab.accounts', component: AccountsPanel }
 */
export const ADMIN_TABS: AdminTab[] = [
  { slug: 'don-vi', label: 'admin.tab.units', component: UnitsTab as AdminTab['component'] },
  { slug: 'hoi-dong', label: 'admin.tab.councils', component: CouncilsTab as AdminTab['component'] },
  { slug: 'thanh-vien', label: 'admin.tab.members', component: MembersTab as AdminTab['component'] },
  { slug: 'diem-cau', label: 'admin.tab.points', component: MeetingPointsTab as AdminTab['component'] },
  { slug: 'nhap-dai-bieu', label: 'admin.tab.import', component: ImportTab as AdminTab['component'] },
  { slug: 'tai-khoan', label: 'admin.tab.accounts', component: AccountsPanel as AdminTab['component'] },
  { slug: 'chu-ky-so', label: 'admin.tab.seal', component: SealTab as AdminTab['component'] },
];
