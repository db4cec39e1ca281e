// `node bin/run.js evals/bench/agent-bench.ts [--scales 1] [--runs 3]`: what one LLM-written analysis
// costs. For the demo incident and the large benchmark incidents, runs `answerIncident` against the
// local OpenAI-compatible fake (no network) with a scripted 2-step conversation (two analysis tools,
// then the JSON answer) and prints prompt/completion tokens, round trips, the largest request's
// prompt (o200k, must stay ≤ agent.maxPromptTokens) and the time spent outside the model.
import { parseArgs } from 'node:util';
import { analyzeIncident } from '../../src/analysis/analyze-incident.ts';
import { answerIncident, type AgentResult } from '../../src/agent/answer-incident.ts';
import { DEFAULT_AGENT_SETTINGS } from '../../src/agent/agent-settings.ts';
import { createOpenAiChatModel } from '../../src/agent/openai-chat-model.ts';
import { DEMO_BUNDLE_DIR } from '../../src/cli/main.ts';
import type { IncidentBundle } from '../../src/domain/index.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedChatRequest } from '../../test/support/fake-openai-server.ts';
import { ensureLargeIncident } from './make-large-incident.ts';

const { values: opts } = parseArgs({ options: { scales: { type: 'string', default: '1' }, runs: { type: 'string', default: '3' } } });
const scales = opts.scales.split(',').map(Number);
const runs = Number(opts.runs);
if (scales.some((x) => !(x > 0)) || !(runs >= 1)) {
  process.stderr.write('usage: agent-bench.ts [--scales 0.25,1] [--runs 3]\n');
  process.exit(2);
}
const say = (text: string): void => void process.stderr.write(`${text}\n`);

/** Step 1: the model asks for two analysis tools at once; step 2: it answers citing the top signal and first proposal. */
function scriptTwoSteps(fake: FakeOpenAiServer, bundle: IncidentBundle, topSignalId: string, proposalIds: string[]): void {
  fake.script(
    { toolCalls: [{ name: 'get_ranked_signals', arguments: { limit: 8 } }, { name: 'get_changes_before', arguments: { time: bundle.incident.openedAt } }] },
    (body: RecordedChatRequest) => ({
      content: JSON.stringify({
        summary: `Scripted summary after ${body.messages.filter((m) => m.role === 'tool').length} tool results; the leading signal is [${topSignalId}].`,
        answer: null,
        citedSignalIds: [topSignalId],
        proposedCommandIds: proposalIds.slice(0, 1),
      }),
    }),
  );
}

interface Row { incident: string; result: AgentResult; msOutside: number[] }

const fake = await startFakeOpenAiServer();
const model = createOpenAiChatModel({ model: 'bench-fake', baseURL: fake.url, maxRetries: 0 });
const targets: Array<{ name: string; dir: string }> = [{ name: 'demo', dir: DEMO_BUNDLE_DIR }];
for (const scale of scales) {
  say(`preparing the large incident at ${scale}×…`);
  targets.push({ name: `large ${scale}×`, dir: (await ensureLargeIncident(scale)).dir });
}
const rows: Row[] = [];
try {
  for (const target of targets) {
    say(`${target.name}: reading and analysing (not counted)…`);
    const bundle = await readBundle(target.dir);
    const analysis = analyzeIncident(bundle);
    const report = buildReport(bundle, analysis);
    const top = report.rootCauses[0]?.signalIds[0] ?? report.signals[0]?.id ?? '';
    const msOutside: number[] = [];
    let last: AgentResult | undefined;
    for (let i = 0; i < runs; i++) {
      fake.requests.length = 0;
      scriptTwoSteps(fake, bundle, top, report.proposedCommands.map((p) => p.id));
      last = await answerIncident({ bundle, analysis, report, model });
      if (last.offline) throw new Error(`${target.name}: the agent fell back offline: ${last.offlineReason}`);
      msOutside.push(last.usage.msOutsideModel);
      say(`  run ${i + 1}: ${last.usage.msOutsideModel} ms outside the model`);
    }
    rows.push({ incident: target.name, result: last!, msOutside });
  }
} finally {
  await fake.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const lines = [
  `Agent cost per analysis (scripted 2-step conversation against a local OpenAI-compatible server; budget ${DEFAULT_AGENT_SETTINGS.maxPromptTokens.toLocaleString('en')} prompt tokens per request)`,
  '',
  '| incident | context tokens | largest request (prompt tokens) | prompt tokens (all requests) | completion tokens | round trips | tool calls | ms outside the model (median; first run) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(({ incident, result: r, msOutside }) =>
    `| ${incident} | ${r.usage.contextTokens.toLocaleString('en')} | ${r.usage.maxRequestPromptTokens.toLocaleString('en')} | ${r.usage.promptTokens.toLocaleString('en')} | ${r.usage.completionTokens} | ${r.usage.roundTrips} | ${r.usage.toolCalls} | ${median(msOutside)}; ${msOutside[0]} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
const over = rows.filter((r) => r.result.usage.maxRequestPromptTokens > DEFAULT_AGENT_SETTINGS.maxPromptTokens);
if (over.length) {
  process.stderr.write(`over the prompt budget: ${over.map((r) => r.incident).join(', ')}\n`);
  process.exitCode = 1;
}
