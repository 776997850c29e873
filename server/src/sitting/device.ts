import Bowser from 'bowser';

/**
 * What the secretariat is shown of a delegate's own device, from its browser's user agent as
 * the server received it: "Chrome 131 · Android 13 · tablet". The last part is one of
 * `tablet`, `mobile`, `desktop` (the screens translate it); null when there is no user agent.
 */
export function deviceLabel(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const p = Bowser.parse(userAgent.slice(0, 512));
  const major = (v: string | undefined) => (v ? v.split('.')[0] : '');
  const browser = [p.browser.name, major(p.browser.version)].filter(Boolean).join(' ');
  const os = [p.os.name, p.os.version ?? ''].filter(Boolean).join(' ').trim();
  const kind = p.platform.type === 'tablet' || p.platform.type === 'mobile' ? p.platform.type : 'desktop';
  return [browser || 'trình duyệt', os, kind].filter(Boolean).join(' · ');
}
