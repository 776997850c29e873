/**
 * Which of a session's agenda items a sitting takes up: the chosen items and everything
 * nested under them (choosing "2. Tờ trình…" brings 2.1 and 2.2). No choice at all means
 * the whole agenda, as for sittings created before items were chosen. The server checks
 * `agenda:setCurrent` with it and the screens show the same list.
 */
export function sittingItemIds(items: ReadonlyArray<{ id: string; parentId: string | null }>, chosen: readonly string[]): Set<string> {
  if (chosen.length === 0) return new Set(items.map((i) => i.id));
  const children = new Map<string, string[]>();
  for (const i of items) if (i.parentId) children.set(i.parentId, [...(children.get(i.parentId) ?? []), i.id]);
  const known = new Set(items.map((i) => i.id));
  const result = new Set<string>();
  const stack = chosen.filter((id) => known.has(id));
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}
