import type { Analysis } from '../../src/analysis/analyze-incident.ts';
import { analyzeIncident } from '../../src/analysis/analyze-incident.ts';
import { DEMO_BUNDLE_DIR } from '../../src/cli/main.ts';
import type { ChatMessage, IncidentBundle, Report } from '../../src/domain/index.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { buildReport } from '../../src/report/build-report.ts';

/** The demo incident (optionally changed before the analysis), analysed and reported. */
export async function demoIncident(mutate?: (bundle: IncidentBundle) => void): Promise<{ bundle: IncidentBundle; analysis: Analysis; report: Report }> {
  const bundle = await readBundle(DEMO_BUNDLE_DIR);
  mutate?.(bundle);
  const analysis = analyzeIncident(bundle);
  return { bundle, analysis, report: buildReport(bundle, analysis) };
}

/** A chat message in the incident channel, `minutesAfterOpen` after the incident was opened. */
export function chatMessage(bundle: IncidentBundle, text: string, minutesAfterOpen: number, userName = 'mallory'): ChatMessage {
  const timeMs = Date.parse(bundle.incident.openedAt) + minutesAfterOpen * 60_000;
  const ts = `${Math.floor(timeMs / 1000)}.${String(bundle.chat.length).padStart(6, '0')}`;
  return { id: `C-test/${ts}`, channel: 'C-test', ts, timeMs, userId: `U-${userName}`, userName, isBot: false, text, rawText: text, reactions: [] };
}

/** Adds messages and keeps the chat sorted by time, as the reader does. */
export function addChat(bundle: IncidentBundle, ...messages: ChatMessage[]): void {
  bundle.chat.push(...messages);
  bundle.chat.sort((a, b) => a.timeMs - b.timeMs);
}
