/**
 * An agenda as a numbered tree, the way the printed programme numbers it ("2.1"): shared by
 * the tablets (client/src/lib/session/agenda.svelte.ts) and the public portal (server).
 */
export interface TreeItem { id: string; parentId: string | null; order: number; title: string }

export type TreeNode<T extends TreeItem> = T & { number: string; depth: number; children: Array<TreeNode<T>> };

/** Builds the tree from the flat list; an item whose parent is gone goes to the top level. */
export function buildTree<T extends TreeItem>(items: readonly T[]): Array<TreeNode<T>> {
  const ids = new Set(items.map((i) => i.id));
  const byParent = new Map<string | null, T[]>();
  for (const item of items) {
    const parent = item.parentId && ids.has(item.parentId) && item.parentId !== item.id ? item.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), item]);
  }
  const seen = new Set<string>();
  const grow = (parent: string | null, prefix: string, depth: number): Array<TreeNode<T>> =>
    (byParent.get(parent) ?? [])
      .slice()
      .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title))
      .filter((item) => !seen.has(item.id) && seen.add(item.id))
      .map((item, i) => {
        const number = prefix ? `${prefix}.${i + 1}` : String(i + 1);
        return { ...item, number, depth, children: grow(item.id, number, depth + 1) };
      });
  const tree = grow(null, '', 0);
  // A cycle of parents is unreachable from the top: show those items rather than lose them.
  const lost = items.filter((i) => !seen.has(i.id)).map((i) => ({ ...i, parentId: null }));
  return lost.length ? [...tree, ...buildTree(lost).map((n) => renumber(n, String(tree.length + Number(n.number))))] : tree;
}

function renumber<T extends TreeItem>(node: TreeNode<T>, number: string): TreeNode<T> {
  return { ...node, number, children: node.children.map((c, i) => renumber(c, `${number}.${i + 1}`)) };
}

/** The tree in reading order (parent before its children): the order "next item" follows. */
export function flatten<N extends { children: readonly N[] }>(nodes: readonly N[]): N[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/**
 * Keeps the nodes in `keep` (a sitting's items, contract/sittingAgenda.ts), keeping the
 * session's numbering; a node left out gives way to its kept descendants.
 */
export function prune<N extends { id: string; children: readonly N[] }>(nodes: readonly N[], keep: ReadonlySet<string>): N[] {
  return nodes.flatMap((n) => (keep.has(n.id) ? [{ ...n, children: prune(n.children, keep) }] : prune(n.children, keep)));
}
