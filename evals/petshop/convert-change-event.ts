import { z } from 'zod';
import { isoSeconds } from './convert-alerts.ts';

/** `target.json` → `metadata.reproducibility.command`: how the fault was injected. LEAKAGE: variant only. */
export const ReproducibilitySchema = z.object({
  metadata: z.object({ reproducibility: z.object({ command: z.string().min(1) }) }),
});

/**
 * The change-event type an injection command corresponds to: an SSM `put-parameter` is a config
 * change, a `cdk deploy` a deploy; anything else (e.g. a load-generating python module) a job.
 */
export function changeTypeOf(command: string): 'config' | 'deploy' | 'job' {
  if (/\bssm\s+put-parameter\b/.test(command)) return 'config';
  if (/\bcdk\s+deploy\b/.test(command)) return 'deploy';
  return 'job';
}

/**
 * ONLY for the labelled `petshop-with-changes` variant: turns the fault-injection command into one
 * CloudEvents 1.0 `changes.jsonl` line. The subject is the service whose config or code the command
 * changed, which by construction is the root-cause node: this variant measures change correlation,
 * not telemetry RCA. The dataset does not record when the command ran; the event is placed at the
 * start of the issue window and says so (`data.timeApproximate`).
 *
 * @param atSec unix seconds, the start of the issue window
 */
export function convertChangeEvent(id: string, command: string, service: string, atSec: number): string {
  const type = changeTypeOf(command);
  const event = {
    specversion: '1.0',
    id,
    source: 'petshop-fault-injection',
    type,
    subject: service,
    time: isoSeconds(atSec),
    data: { environment: 'production', author: 'fault-injector', description: command, timeApproximate: true },
  };
  return `${JSON.stringify(event)}\n`;
}
