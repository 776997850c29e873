/**
 * A PDF text string for pdf-lib's PDFString (which writes char codes as bytes, unescaped):
 * UTF-16BE with its byte-order mark, and the bytes that are special in a literal string
 * escaped, so Vietnamese letters survive (Ĩ is 01 28, a "(").
 */
export function pdfTextString(text: string): string {
  let out = '\\376\\377';
  const escape: Record<number, string> = { 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\', 0x0d: '\\r', 0x0a: '\\n' };
  for (const unit of Buffer.from(text, 'utf16le').swap16()) out += escape[unit] ?? String.fromCharCode(unit);
  return out;
}
