// Content-Disposition for downloads (RFC 6266): a plain ASCII `filename` every client understands, and the
// real title in `filename*` (RFC 5987, UTF-8, percent-encoded) for clients that read it.

/** An ASCII file name from a title: accents stripped, anything unsafe replaced, at most 80 characters. */
export function asciiFileName(title: string, fallback: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return /[A-Za-z0-9]/.test(ascii) ? ascii : fallback;
}

/** The UTF-8 file name: the title without characters that file systems or headers refuse. */
function unicodeFileName(title: string, fallback: string): string {
  const cleaned = title.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  return Array.from(cleaned).slice(0, 120).join('').trim() || fallback;
}

/** `attachment; filename="Title.epub"; filename*=UTF-8''Title.epub`. */
export function contentDisposition(title: string, fallback: string, extension: string): string {
  const ascii = `${asciiFileName(title, fallback)}.${extension}`;
  const encoded = encodeURIComponent(`${unicodeFileName(title, fallback)}.${extension}`).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
