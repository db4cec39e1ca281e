/**
 * Replaces the text between the markers `<!-- name:start -->` and `<!-- name:end -->` (kept) with `body`,
 * leaving everything else untouched; appends a new marked section when the markers are absent. Each
 * eval or benchmark owns one section of evals/RESULTS.md or evals/BENCH.md this way.
 * @throws Error when only one marker is present or they are out of order (a hand edit broke the file)
 */
export function replaceMarkedSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const section = `${start}\n${body.trim()}\n${end}`;
  if (from === -1 && to === -1) {
    const sep = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return `${text}${sep}${section}\n`;
  }
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`replaceMarkedSection: markers ${start} … ${end} are incomplete or out of order; fix the file by hand`);
  }
  return text.slice(0, from) + section + text.slice(to + end.length);
}
