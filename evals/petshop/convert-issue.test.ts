import { describe, expect, it } from 'vitest';
import { IncidentSchema, TopologySchema } from '../../src/domain/index.ts';
import { convertGraphCsv } from './convert-graph-csv.ts';
import { convertIssue } from './convert-issue.ts';
import { convertMetricsCsv } from './convert-metrics-csv.ts';
import { convertTarget } from './convert-target.ts';
import { SAMPLE_METRICS_CSV } from './petshop-fixtures.ts';

const COMMAND = "aws ssm put-parameter --name '/petstore/searchdelay' --value '1000' --overwrite";
const TARGET_JSON = JSON.stringify({
  target: { node: 'PetSite', metric: 'latency', agg: 'Average', timestamp: 1681855803 },
  root_cause: { node: 'PetSearch_AWS::ECS::Fargate', metric: null },
  metadata: { reproducibility: { command: COMMAND } },
});
const topology = convertGraphCsv(',PetSite,PetSearch_AWS::ECS::Fargate\nPetSite,0,1\nPetSearch_AWS::ECS::Fargate,0,0\n');

describe('convertIssue', () => {
  const converted = convertIssue({
    scenario: 'low_traffic', split: 'train', index: 0,
    target: convertTarget(TARGET_JSON), metrics: convertMetricsCsv(SAMPLE_METRICS_CSV), topology,
  });
  const file = (path: string) => converted.files.get(path) ?? '';

  it('writes the bundle files of the spec and nothing else', () => {
    expect([...converted.files.keys()].sort()).toEqual([
      'alerts/petsite.jsonl', 'incident.json',
      'metrics/http_request_duration_avg_seconds.json', 'metrics/http_request_error_ratio.json', 'metrics/http_requests_per_second.json',
      'topology.json', 'truth.json',
    ]);
  });

  it('builds incident.json from the target: id, title, sev2, opened at the target, resolved at window end', () => {
    const incident = IncidentSchema.parse(JSON.parse(file('incident.json')));
    expect(incident).toEqual({
      id: 'petshop-low_traffic-train-0', title: 'PetSite latency degraded', severity: 'sev2',
      openedAt: '2023-04-18T22:10:03Z', resolvedAt: '2023-04-18T22:17:00Z', services: ['PetSite'],
    });
    expect(TopologySchema.safeParse(JSON.parse(file('topology.json'))).success).toBe(true);
  });

  it('writes truth.json with the root node, kind unknown, and the target time as first symptom', () => {
    expect(JSON.parse(file('truth.json'))).toEqual({
      rootCause: { service: 'PetSearch_AWS::ECS::Fargate', kind: 'unknown' },
      keyEvents: { firstSymptom: '2023-04-18T22:10:03Z', detected: '2023-04-18T22:10:03Z' },
    });
  });

  it('sends one firing and one resolved Alertmanager payload for the target only', () => {
    const [firing, resolved] = file('alerts/petsite.jsonl').trim().split('\n').map((line) => JSON.parse(line));
    expect(firing.status).toBe('firing');
    expect(firing.alerts[0]).toMatchObject({ labels: { alertname: 'PetSiteHighLatency', service: 'PetSite' }, startsAt: '2023-04-18T22:10:03Z', endsAt: '0001-01-01T00:00:00Z' });
    expect(resolved.alerts[0]).toMatchObject({ status: 'resolved', endsAt: '2023-04-18T22:17:00Z', fingerprint: firing.alerts[0].fingerprint });
  });

  it('names the availability alert PetSiteLowAvailability', () => {
    const availability = convertIssue({
      scenario: 'high_traffic', split: 'test', index: 3, topology, metrics: convertMetricsCsv(SAMPLE_METRICS_CSV),
      target: convertTarget(TARGET_JSON.replace('"latency"', '"availability"')),
    });
    expect(availability.files.get('alerts/petsite.jsonl')).toContain('"alertname":"PetSiteLowAvailability"');
    expect(JSON.parse(availability.files.get('incident.json') ?? '{}').title).toBe('PetSite availability degraded');
  });

  it('never writes the reproducibility command (fault-injection leakage) into any file', () => {
    for (const [path, content] of converted.files) {
      expect(content, path).not.toContain('reproducibility');
      expect(content, path).not.toContain('searchdelay');
      expect(content, path).not.toContain('put-parameter');
    }
  });
});
