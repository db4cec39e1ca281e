import type { Scenario } from '../generate/generate-scenario.ts';
import { cutMidIncident, midIncidentCutMs } from './mid-incident.ts';
import { toPrometheusNative } from './prometheus-native.ts';

export const Variants = ['prometheus-native', 'mid-incident'] as const;
export type Variant = (typeof Variants)[number];

export const VariantDescriptions: Readonly<Record<Variant, string>> = {
  'prometheus-native': 'Each scenario\'s metrics rewritten the way many exporters name them: raw `http_server_requests_total{status}` and `http_client_requests_total{peer_service, code}` counters instead of error ratios and request rates, a raw CPU-seconds counter, latencies in milliseconds, container and pool metric names (`evals/variants/prometheus-native.ts`).',
  'mid-incident': 'Each scenario cut ten minutes after detection (and before the mitigation), as someone asking in Slack then would see it: no `resolvedAt`, alerts still firing, no data after the cut; only the milestones that had happened are scored (`evals/variants/mid-incident.ts`).',
};

export function isVariant(name: string): name is Variant {
  return (Variants as readonly string[]).includes(name);
}

/** The scenario rewritten by the variant (files and truth). */
export function applyVariant(variant: Variant, scenario: Scenario): Scenario {
  if (variant === 'prometheus-native') return { ...scenario, files: toPrometheusNative(scenario.files) };
  const cut = cutMidIncident(scenario.files, scenario.truth, midIncidentCutMs(scenario.truth));
  return { ...scenario, ...cut };
}
