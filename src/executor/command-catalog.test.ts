import { describe, expect, it } from 'vitest';
import { proposeCommands } from '../analysis/propose-commands.ts';
import { T0, buildChange } from '../analysis/testing/build-bundle.ts';
import { RootCauseKindSchema } from '../domain/root-cause-kind.ts';
import { buildCatalog, defaultCommandCatalog, loadCommandCatalog } from './command-catalog.ts';
import { buildArgv } from './run-process-adapter.ts';
import { buildHttpBody } from './run-http-adapter.ts';
import { validateCommandArgs } from './validate-command-args.ts';
import { buildRankedCandidate } from '../analysis/testing/build-ranked-candidate.ts';

const catalog = defaultCommandCatalog();

const candidate = buildRankedCandidate;

describe('default command catalog', () => {
  it('has the ChatOps set and read-only diagnostics', () => {
    for (const name of ['rollback', 'deploy', 'restart', 'scale', 'toggle-flag', 'pause-job', 'failover', 'rotate-secret', 'renew-certificate', 'drain-zone', 'status', 'run-migration']) {
      expect(catalog.has(name), name).toBe(true);
    }
    expect([...catalog.values()].filter((c) => c.readOnly).map((c) => c.name)).toEqual(expect.arrayContaining(['status', 'get-pods', 'logs']));
  });

  // Every command the analysis can propose, with the arguments it fills in, passes the catalog.
  const changeTypes: Record<string, string> = { deploy: 'deploy', config: 'config', 'feature-flag': 'feature_flag', credential: 'secret_rotation', database: 'job' };
  it.each(RootCauseKindSchema.options)('accepts what proposeCommands emits for a %s root cause', (kind) => {
    const withChange = buildChange('chg-42', 'payments', changeTypes[kind] ?? 'deploy', T0, { previousVersion: 'v1.2.3', flag: 'new-checkout', environment: 'production' });
    for (const extra of [{}, { change: withChange }, { change: buildChange('chg-7', 'payments', 'migration', T0) }]) {
      for (const p of proposeCommands([candidate(kind, extra)], 'INC-1')) {
        expect(() => validateCommandArgs(catalog, p.command, p.args), `${p.command} ${JSON.stringify(p.args)}`).not.toThrow();
      }
    }
  });

  it('builds the kubectl argv from the template, one element per placeholder', () => {
    const { spec, args } = validateCommandArgs(catalog, 'rollback', { service: 'payments', environment: 'production', changeId: 'chg-42' });
    expect(spec.adapter.type).toBe('process');
    if (spec.adapter.type !== 'process') return;
    expect(buildArgv(spec.adapter, args, false)).toEqual(['kubectl', 'rollout', 'undo', 'deployment/payments', '-n', 'production']);
    expect(buildArgv(spec.adapter, args, true)).toContain('--dry-run=server');
  });

  it('turns number arguments into numbers in a webhook body and drops omitted optional ones', () => {
    const scale = validateCommandArgs(catalog, 'scale', { service: 'api', environment: 'staging', direction: 'up', factor: '1.5' });
    expect(scale.spec.adapter.type === 'http' && buildHttpBody(scale.spec.adapter.body, scale.args, scale.spec)).toEqual({ service: 'api', environment: 'staging', direction: 'up', factor: 1.5 });
    const drain = validateCommandArgs(catalog, 'drain-zone', { service: 'api', environment: 'staging' });
    expect(drain.spec.adapter.type === 'http' && buildHttpBody(drain.spec.adapter.body, drain.args, drain.spec)).toEqual({ service: 'api', environment: 'staging' });
  });
});

describe('validateCommandArgs refuses what the schema does not allow', () => {
  it.each([
    ['shell metacharacters', 'rollback', { service: 'x; rm -rf /', environment: 'production' }, /service: must match/],
    ['path tricks', 'rollback', { service: '../../etc/passwd', environment: 'production' }, /service: must match/],
    ['an option smuggled as a value', 'restart', { service: '--kubeconfig=/tmp/evil', environment: 'production' }, /must not start with "-"/],
    ['a newline', 'restart', { service: 'api\nkubectl delete', environment: 'production' }, /control characters/],
    ['an unknown environment', 'restart', { service: 'api', environment: 'prod; whoami' }, /environment: must be one of development, staging, production/],
    ['an extra argument', 'restart', { service: 'api', environment: 'staging', kubeconfig: '/tmp/x' }, /kubeconfig: not an argument of restart/],
    ['a missing argument', 'restart', { environment: 'staging' }, /service: required/],
    ['a factor out of range', 'scale', { service: 'api', environment: 'staging', direction: 'up', factor: '1000' }, /factor: must be between 0.1 and 10/],
    ['a factor that is not a number', 'scale', { service: 'api', environment: 'staging', direction: 'up', factor: '1e3' }, /factor: must be a number/],
    ['an unknown command', 'delete-cluster', { service: 'api' }, /unknown command "delete-cluster"/],
  ] as const)('%s', (_label, command, args, message) => {
    expect(() => validateCommandArgs(catalog, command, args)).toThrow(message);
  });
});

describe('catalog overrides from the settings file', () => {
  it('adds and replaces commands', () => {
    const overridden = loadCommandCatalog({
      path: 'test.yaml',
      sections: {
        commands: {
          restart: { description: 'custom restart', risk: 'medium', args: { service: { type: 'string', pattern: '^[a-z]+$' } }, adapter: { type: 'process', argv: ['systemctl', 'restart', '{service}'] } },
          'flush-cache': { description: 'flush', risk: 'low', environments: ['staging'], args: { environment: { type: 'enum', values: ['staging', 'production'] } }, adapter: { type: 'http', url: 'http://127.0.0.1:9/flush', body: { env: '{environment}' } } },
        },
      },
    });
    expect(overridden.get('restart')?.description).toBe('custom restart');
    expect(overridden.get('rollback')).toEqual(catalog.get('rollback'));
    expect(() => validateCommandArgs(overridden, 'flush-cache', { environment: 'production' })).toThrow(/flush-cache may only run in staging/);
  });

  it('names the field of a bad entry', () => {
    expect(() => buildCatalog('t.yaml', { broken: { description: 'x', risk: 'extreme', adapter: { type: 'process', argv: ['a'] } } }, new Map())).toThrow(/broken\.risk/);
    expect(() => buildCatalog('t.yaml', { typo: { description: 'x', risk: 'low', args: {}, adapter: { type: 'process', argv: ['kubectl', '{servce}'] } } }, new Map())).toThrow(
      /typo: adapter uses \{servce\} but no argument "servce" is declared/,
    );
  });
});
