/**
 * Replaces the text between `start` and `end` markers (kept) with `body`, leaving everything else
 * untouched; appends a new marked section when the markers are absent.
 * @throws Error when only one marker is present or they are out of order (a hand edit broke the file)
 */
export function replaceMarkedSection(text: string, body: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const section = `${start}\n${body.trimEnd()}\n${end}`;
  if (from === -1 && to === -1) {
    const sep = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return `${text}${sep}${section}\n`;
  }
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`replaceMarkedSection: markers ${start} … ${end} are incomplete or out of order; fix the file by hand`);
  }
  return text.slice(0, from) + section + text.slice(to + end.length);
}
