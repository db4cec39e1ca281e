/** True when `text` is empty or only JSON whitespace; stops at the first other character (O(1) for real files). */
export function isBlank(text: string | Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = typeof text === 'string' ? text.charCodeAt(i) : text[i];
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}
