import { SeveritySchema, type Severity } from '../../domain/index.ts';
import { declareIncident } from '../../lifecycle/declare-incident.ts';
import { lifecycleSubcommand } from './lifecycle-subcommand.ts';

const USAGE = '`/incident create <title> --severity sev1|sev2|sev3|sev4 [--services a,b]`';

/** `<title> --severity sevN [--services a,b]` → the declaration's parts, or what is wrong with it. */
export function parseCreateArgs(text: string): { ok: true; title: string; severity: Severity; services: string[] } | { ok: false; message: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const title: string[] = [];
  let severity: string | undefined;
  let services: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = /^(--severity|--sev|-s|--services)(?:=(.*))?$/i.exec(word);
    if (!flag) {
      title.push(word);
      continue;
    }
    const value = flag[2] ?? words[++i];
    if (value === undefined || value === '') return { ok: false, message: `${flag[1]} needs a value: ${USAGE}.` };
    if (flag[1]!.toLowerCase() === '--services') services = value.split(',').map((s) => s.trim()).filter(Boolean);
    else severity = value;
  }
  if (title.length === 0) return { ok: false, message: `Give the incident a title: ${USAGE}.` };
  if (severity === undefined) return { ok: false, message: `Say how severe it is: ${USAGE}.` };
  const parsed = SeveritySchema.safeParse(severity.toLowerCase());
  if (!parsed.success) return { ok: false, message: `Severity must be one of sev1, sev2, sev3, sev4, got "${severity}": ${USAGE}.` };
  return { ok: true, title: title.join(' '), severity: parsed.data, services };
}

/** `/incident create <title> --severity sevN`: declares the incident and opens its channel. */
export const createSubcommand = lifecycleSubcommand({
  usage: '<title> --severity sev1|sev2|sev3|sev4 [--services a,b]',
  description: 'declare an incident: its own channel, on-call invited, pinned header, announcement',
  ackText: 'Declaring the incident…',
  showSuccessTo: 'invoker',
  async perform(lifecycle, actor, command) {
    const args = parseCreateArgs(command.argText);
    if (!args.ok) return args;
    return declareIncident(lifecycle.context, { title: args.title, severity: args.severity, services: args.services, actor });
  },
});
