/** `text` cut to at most about `maxChars`, keeping the start and the end (where errors usually are). */
export function truncateOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.6);
  const tail = maxChars - head;
  return `${text.slice(0, head)}\n… [${text.length - maxChars} characters cut] …\n${text.slice(text.length - tail)}`;
}
