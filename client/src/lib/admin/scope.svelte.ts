import type { CouncilView, UnitTypeView, UnitView } from '../../../../contract/org.js';
import { auth } from '../auth/login.svelte.js';
import { errorText } from '../i18n/index.js';
import { adminApi } from './adminApi.js';

/**
 * What the signed-in admin looks after: the units of the councils where they hold `admin`
 * and every unit below them (the server's rule, org/access.ts), with those units' councils.
 * The admin tabs pick from these; the server still checks every write.
 */
export class AdminScope {
  allUnits = $state<UnitView[]>([]);
  allCouncils = $state<CouncilView[]>([]);
  unitTypes = $state<UnitTypeView[]>([]);
  error = $state<string | null>(null);
  loaded = $state(false);

  /** Ids of the administered units. */
  readonly unitIds = $derived.by(() => {
    const adminCouncils = new Set((auth.me?.memberships ?? []).filter((m) => m.role === 'admin').map((m) => m.councilId));
    const roots = this.allCouncils.filter((c) => adminCouncils.has(c.id)).map((c) => c.unitId);
    const children = new Map<string, string[]>();
    for (const u of this.allUnits) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
    const ids = new Set<string>();
    const frontier = [...roots];
    while (frontier.length > 0) {
      const id = frontier.pop()!;
      if (ids.has(id)) continue;
      ids.add(id);
      frontier.push(...(children.get(id) ?? []));
    }
    return ids;
  });
  readonly units = $derived(this.allUnits.filter((u) => this.unitIds.has(u.id)));
  readonly councils = $derived(this.allCouncils.filter((c) => this.unitIds.has(c.unitId)));

  /** A unit and every unit below it, in force first, by name. */
  unitsUnder = (unitId: string): UnitView[] => {
    const ids = new Set<string>([unitId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const u of this.allUnits) if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) { ids.add(u.id); grew = true; }
    }
    return this.allUnits.filter((u) => ids.has(u.id) && !u.validTo).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  };

  unitName = (id: string | null | undefined): string => (id ? this.allUnits.find((u) => u.id === id)?.name ?? '' : '');
  typeName = (code: string): string => this.unitTypes.find((t) => t.code === code)?.name ?? code;
  councilName = (id: string | null | undefined): string => (id ? this.allCouncils.find((c) => c.id === id)?.name ?? '' : '');

  /** Loads (again) units, councils and unit types; call after a create or an edit. */
  load = async (): Promise<void> => {
    const [units, councils, types] = await Promise.all([adminApi.units({}), adminApi.councils({}), adminApi.unitTypes()]);
    if (!units.ok) { this.error = errorText(units); return; }
    if (!councils.ok) { this.error = errorText(councils); return; }
    this.allUnits = units.data.items;
    this.allCouncils = councils.data.items;
    if (types.ok) this.unitTypes = types.data;
    this.error = null;
    this.loaded = true;
  };
}
