// `node bin/run.js evals/generate/write-demo.ts`: regenerates examples/demo-incident/, the bundle
// behind `npx opsight demo` (INC-2041, a credential rotation in payments).
import { resolve } from 'node:path';
import { generateScenario, type GenerateOptions } from './generate-scenario.ts';
import { writeScenario } from './write-scenario.ts';

/** The demo: fixed seed and options, so the example is stable across regenerations. */
export const DemoSeed = 2041;

export const DemoOptions: GenerateOptions = {
  kind: 'credential',
  shape: 'ecommerce',
  serviceCount: 25,
  stepSeconds: 30,
  maxSamples: 40_000,
  rootService: 'payments',
  onsetMs: Date.parse('2026-03-04T15:00:30Z'),
  redHerrings: [{ service: 'search', minutesBefore: 4, type: 'deploy' }],
  alertServices: ['checkout', 'frontend'],
  amplify: ['checkout'],
  chatFiller: 95,
  injectInto: 'chat',
  noiseAlerts: false,
  incident: { id: 'INC-2041', title: 'Checkout failing for card payments', severity: 'sev1', channel: 'inc-20260304-payment', services: ['checkout', 'frontend'] },
  force: {
    redHerring: true, postOnsetChanges: true, rootUnalerted: true, missingAlerts: false, retryAmplification: true,
    missingTopology: false, missingLogs: false, missingChat: false, missingChanges: false, gaps: false, noisyChat: true,
    secrets: true, injection: true, pagerduty: true, meshMetrics: false, crossMidnight: false, humanReport: true, concurrentAnomaly: false,
  },
};

const dir = resolve(import.meta.dirname, '..', '..', 'examples', 'demo-incident');
const scenario = generateScenario(DemoSeed, DemoOptions);
await writeScenario(dir, scenario);
const bytes = [...scenario.files.values()].reduce((a, v) => a + Buffer.byteLength(v), 0);
process.stdout.write(`${dir}: ${scenario.files.size} files, ${(bytes / 1024).toFixed(0)} KB\n${JSON.stringify(scenario.truth, null, 2)}\n`);
