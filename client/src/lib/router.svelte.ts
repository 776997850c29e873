/**
 * A tiny history router: the server answers every non-API path with index.html, so the
 * client owns paths. Same-origin `<a href>` clicks are intercepted; nothing else changes.
 */
export const route = $state<{ path: string }>({ path: location.pathname });

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(path, location.origin);
  if (url.pathname === route.path && !opts.replace) return;
  history[opts.replace ? 'replaceState' : 'pushState'](null, '', url.pathname + url.search + url.hash);
  route.path = url.pathname;
}

function onClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
  if (link.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(link.pathname + link.search + link.hash);
}

/** Starts listening; call once. */
export function startRouter(): void {
  addEventListener('popstate', () => {
    route.path = location.pathname;
  });
  document.addEventListener('click', onClick);
}
