import { auth, onSignOut } from '../auth/login.svelte.js';
import { route } from '../router.svelte.js';

/**
 * What someone typed in a form, kept in this tab's sessionStorage until it is saved, so a
 * reload (or a sign-in that ended and a page opened again) does not lose minutes of work.
 * Keyed by user, page and form: a draft is shown only to the person who typed it, on the
 * page where it was typed. sessionStorage, not localStorage: a draft stays in the tab it
 * was typed in and goes when the tab is closed, never reaching another tab or a later day.
 * Storage may be disabled (kiosk policy, private mode): then nothing is kept, nothing fails.
 */
const PREFIX = 'hdnd.draft.';
const userPrefix = (userId: string) => `${PREFIX}${userId}|`;
const keyOf = (userId: string, path: string, form: string) => `${userPrefix(userId)}${path}#${form}`;

function storage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

/** Keys of this tab's drafts for which `keep` says false. */
function dropKeys(keep: (key: string) => boolean): void {
  const s = storage();
  if (!s) return;
  try {
    const gone: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k?.startsWith(PREFIX) && !keep(k)) gone.push(k);
    }
    for (const k of gone) s.removeItem(k);
  } catch {
    // Nothing kept to remove.
  }
}

// An explicit sign-out (or a switch to another account) ends the user's drafts in this tab.
onSignOut((userId) => dropKeys((k) => !k.startsWith(userPrefix(userId))));

/** Names of the forms of this page that hold a draft of the signed-in user, for `prefix`. */
export function draftsHere(prefix = ''): string[] {
  const s = storage();
  const userId = auth.me?.id;
  if (!s || !userId) return [];
  const start = keyOf(userId, route.path, prefix);
  const names: string[] = [];
  try {
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k?.startsWith(start)) names.push(k.slice(start.length - prefix.length));
    }
  } catch {
    // None readable.
  }
  return names;
}

/**
 * One form's draft. Create it while the form's component initialises (the page and user are
 * read then); `read()` seeds the form, `mirror()` keeps the storage in step with the fields,
 * `clear()` after a successful save or when the user cancels.
 */
export class FormDraft<T> {
  readonly #key: string | null;

  constructor(form: string) {
    const userId = auth.me?.id;
    this.#key = userId ? keyOf(userId, route.path, form) : null;
    // A tab holds one person's drafts at a time: another user's left here are not theirs to see.
    if (userId) dropKeys((k) => k.startsWith(userPrefix(userId)));
  }

  /** What was typed in this form and not saved, if anything. */
  read(): T | null {
    if (!this.#key) return null;
    try {
      const raw = storage()?.getItem(this.#key);
      return raw ? (JSON.parse(raw) as T) : null;
    } catch {
      return null;
    }
  }

  /** Keeps `value`; null (nothing worth keeping) removes the draft. */
  write(value: T | null): void {
    if (!this.#key) return;
    try {
      if (value === null) storage()?.removeItem(this.#key);
      else storage()?.setItem(this.#key, JSON.stringify(value));
    } catch {
      // Quota or disabled storage: the form still works, only the reload copy is missing.
    }
  }

  clear(): void {
    this.write(null);
  }

  /**
   * Writes what `fields` returns on every change (an effect: call during the component's
   * initialisation, it ends with the component). Null, or a value equal to `unchanged` (the
   * form as it opened), is no draft and removes the kept one; undefined (the form is not
   * ready yet, its data still loading) leaves the kept one as it is.
   */
  mirror(fields: () => T | null | undefined, unchanged?: T): void {
    const base = unchanged === undefined ? null : JSON.stringify(unchanged);
    $effect(() => {
      const value = fields();
      if (value === undefined) return;
      this.write(value === null || JSON.stringify(value) === base ? null : value);
    });
  }
}
