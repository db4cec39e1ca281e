import { describe, expect, it } from 'vitest';
import { analyzeIncident } from './analyze-incident.ts';
import { findProxyAliases, isProxyNode } from './proxy-aliases.ts';
import { buildServiceGraph } from './service-graph.ts';
import { MIN, T0, buildBundle, buildSeries, stepAt } from './testing/build-bundle.ts';

/** An X-Ray style map: the site calls three services directly and through their balancers. */
const topology = {
  services: [
    { name: 'PetSite', dependsOn: ['PetSearch_AWS::ECS::Fargate', 'payforadoption_AWS::ECS::Container', 'https://sqs.amazonaws.com/Services-queue_AWS::SQS::Queue', 'servi-searc.us-west-2.elb.amazonaws.com_remote', 'servi-payfo.us-west-2.elb.amazonaws.com_remote', 'servi-shared.us-west-2.elb.amazonaws.com_remote', 'servi-petsi.us-west-2.elb.amazonaws.com_remote'] },
    { name: 'PetSearch_client', dependsOn: ['PetSearch_AWS::ECS::Fargate'] },
    { name: 'PetSearch_AWS::ECS::Fargate', dependsOn: ['petInfo_AWS::DynamoDB::Table'] },
    { name: 'payforadoption_AWS::ECS::Container', dependsOn: [] },
    { name: 'https://sqs.amazonaws.com/Services-queue_AWS::SQS::Queue', dependsOn: [] },
    { name: 'petInfo_AWS::DynamoDB::Table', dependsOn: [] },
    { name: 'servi-searc.us-west-2.elb.amazonaws.com_remote', dependsOn: [] },
    { name: 'servi-payfo.us-west-2.elb.amazonaws.com_remote', dependsOn: [] },
    { name: 'servi-shared.us-west-2.elb.amazonaws.com_remote', dependsOn: [] },
    { name: 'servi-petsi.us-west-2.elb.amazonaws.com_remote', dependsOn: [] },
    { name: 'lonely-searcher.example.com_remote', dependsOn: [] },
  ],
};

describe('findProxyAliases', () => {
  it('maps balancers to the one service their distinctive name token names, and clients to their callee', () => {
    const aliases = findProxyAliases(buildServiceGraph(buildBundle({ topology })));
    expect(Object.fromEntries(aliases)).toEqual({
      'servi-searc.us-west-2.elb.amazonaws.com_remote': 'PetSearch_AWS::ECS::Fargate',
      'servi-payfo.us-west-2.elb.amazonaws.com_remote': 'payforadoption_AWS::ECS::Container',
      'PetSearch_client': 'PetSearch_AWS::ECS::Fargate',
      'servi-petsi.us-west-2.elb.amazonaws.com_remote': 'PetSite',
    });
  });

  it('gives no alias when a token is shared boilerplate, matches nothing, or the proxy shares no caller with the match', () => {
    const aliases = findProxyAliases(buildServiceGraph(buildBundle({ topology })));
    // `servi` is in every balancer's name (and in the queue's); `shared` names no service.
    expect(aliases.has('servi-shared.us-west-2.elb.amazonaws.com_remote')).toBe(false);
    // `searcher` is not in any service name; the node is also called by nobody.
    expect(aliases.has('lonely-searcher.example.com_remote')).toBe(false);
  });

  it('recognises X-Ray proxy node names', () => {
    expect(isProxyNode('amazon.com_remote')).toBe(true);
    expect(isProxyNode('PetSearch_client')).toBe(true);
    expect(isProxyNode('PetSearch_AWS::ECS::Fargate')).toBe(false);
  });
});

describe('analyzeIncident with proxy nodes', () => {
  it('counts a balancer view as evidence about the service behind it instead of ranking the balancer', () => {
    const faultAt = T0 + 180 * MIN;
    const latency = (service: string, size: number) => buildSeries('http_request_duration_avg_seconds', service, stepAt(0.1, 0.1 + size, faultAt), { labels: { stat: 'avg' } });
    const analysis = analyzeIncident(buildBundle({
      topology,
      services: ['PetSite'],
      metrics: [
        latency('PetSite', 0.4),
        latency('servi-searc.us-west-2.elb.amazonaws.com_remote', 3),
        latency('PetSearch_AWS::ECS::Fargate', 0.5),
        latency('payforadoption_AWS::ECS::Container', 0),
        latency('petInfo_AWS::DynamoDB::Table', 0),
        buildSeries('http_request_error_ratio', 'servi-petsi.us-west-2.elb.amazonaws.com_remote', stepAt(0.001, 0.5, faultAt - 10 * MIN)),
      ],
    }));
    expect(analysis.rootCauses[0]?.service).toBe('PetSearch_AWS::ECS::Fargate');
    const named = analysis.rootCauses.map((r) => r.service);
    expect(named).not.toContain('servi-searc.us-west-2.elb.amazonaws.com_remote');
    // The site's view of its own balancer is the symptom seen from outside, even when it moved first.
    expect(named).not.toContain('servi-petsi.us-west-2.elb.amazonaws.com_remote');
  });
});
