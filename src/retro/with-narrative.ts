/** The model's postmortem narrative for one stored incident, or undefined to keep the draft deterministic. */
export type RetroNarrator = (incident: { incidentId: string; bundlePath?: string }) => Promise<{ text: string; generatedBy: string } | undefined>;

/** The draft with the model's narrative under its title, saying which model wrote it. */
export function withNarrative(markdown: string, narrative: { text: string; generatedBy: string }): string {
  const [title = '', ...rest] = markdown.split('\n');
  return [title, '', `## Narrative (written by ${narrative.generatedBy}; every figure below is from the analysis)`, '', narrative.text.trim(), '', ...rest].join('\n');
}
