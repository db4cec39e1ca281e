import { describe, expect, it } from 'vitest';
import type { Report, RootCauseKind, Signal } from '../domain/index.ts';
import { embedReportLocally, LOCAL_EMBEDDING_DIMS, tokenize } from './local-hash-embedder.ts';

function signal(service: string, kind: RootCauseKind, title: string, extra: Partial<Signal> = {}): Signal {
  return {
    id: `${service}:${title}`, service, kind, source: 'log', label: 'likely-cause', confidence: 0.8, title,
    rationale: '', evidence: [], startedAt: '2026-01-01T00:00:00Z', ...extra,
  };
}

function report(service: string, kind: RootCauseKind, title: string, signals: Signal[] = [signal(service, kind, title)]): Report {
  return {
    incidentId: `INC-${service}-${kind}`, title, severity: 'sev2', summary: `${title}. Most likely cause: ${kind} in ${service}.`,
    timeline: [], milestones: {} as Report['milestones'], durations: {} as Report['durations'], signals,
    rootCauses: [{ service, kind, confidence: 0.8, signalIds: [] }], proposedCommands: [], missingSources: [], problems: [],
    generatedBy: 'deterministic',
  };
}

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('embedReportLocally', () => {
  it('gives the same unit vector of 256 numbers for the same report', () => {
    const r = report('payments', 'certificate', 'TLS handshake failures at checkout');
    const v = embedReportLocally(r);
    expect(v).toHaveLength(LOCAL_EMBEDDING_DIMS);
    expect(Math.hypot(...v)).toBeCloseTo(1, 12);
    expect(embedReportLocally(structuredClone(r))).toEqual(v);
  });

  it('puts incidents with the same root-cause kind closer than incidents with another kind', () => {
    const certA = embedReportLocally(report('payments', 'certificate', 'Checkout errors: certificate expired'));
    const certB = embedReportLocally(report('search', 'certificate', 'Search down, x509 certificate has expired'));
    const leak = embedReportLocally(report('search', 'resource-leak', 'Search slow, memory growing until OOM'));
    expect(dot(certA, certB)).toBeGreaterThan(dot(certA, leak));
    expect(dot(certB, certA)).toBeGreaterThan(dot(certB, leak));
  });

  it('ranks the same service and kind above the same kind elsewhere', () => {
    const a = embedReportLocally(report('payments', 'deploy', 'Checkout errors after release'));
    const sameService = embedReportLocally(report('payments', 'deploy', 'Payment failures'));
    const otherService = embedReportLocally(report('search', 'deploy', 'Payment failures'));
    expect(dot(a, sameService)).toBeGreaterThan(dot(a, otherService));
  });

  it('ignores numbers, times and ids in the text', () => {
    const early = report('db', 'database', 'Orders slow');
    const late = { ...early, summary: `${early.summary} Detected 3 min 30 s after 00:55:30, INC-9212.` };
    expect(embedReportLocally(late)).toEqual(embedReportLocally(early));
  });
});

describe('tokenize', () => {
  it.each([
    ['TLS handshake failed: x509 certificate expired', ['tls', 'handshake', 'failed', 'certificate', 'expired']],
    ['Most likely cause: deploy in checkout-api (confidence 93%)', ['deploy', 'checkout', 'api']],
    ['rose from 267 to 3881 (428σ) at 00:55:30', []],
    ['deploy d-7108 of transfers v4.19.7 (INC-9212)', ['deploy', 'transfers']],
  ])('%s → %j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});
