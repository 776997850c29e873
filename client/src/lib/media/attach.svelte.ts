import { untrack } from 'svelte';
import { realtime } from '../realtime/socket.svelte.js';
import type { Briefing } from './briefing.svelte.js';

/**
 * Keeps a screen's briefing on the app's socket for as long as the calling component lives
 * (call it during the component's setup), and shows it as `window.hdndMedia`: for operations
 * and the browser tests, what this screen sends and receives, from the browser's getStats.
 */
export function attachBriefing(briefing: Briefing): void {
  $effect(() => {
    const s = realtime.socket;
    // Untracked: attaching reads and sets the briefing's own state.
    if (s) return untrack(() => briefing.attach(s));
  });
  $effect(() => {
    (window as unknown as { hdndMedia?: Briefing }).hdndMedia = briefing;
    return () => { delete (window as unknown as { hdndMedia?: Briefing }).hdndMedia; };
  });
}
