/** Copies `text` to the clipboard; says whether it could (a page over plain http, or a refused permission, cannot). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
