import { describe, expect, it } from 'vitest';
import { changeTypeOf, convertChangeEvent } from './convert-change-event.ts';

describe('changeTypeOf', () => {
  it.each([
    ["aws ssm put-parameter --name '/petstore/searchdelay' --value '1000' --overwrite", 'config'],
    ["sed -i 's/x/y/' index.js && cdk deploy Services --require-approval never", 'deploy'],
    ['python -m some_load_generator', 'job'],
  ])('%s → %s', (command, type) => {
    expect(changeTypeOf(command)).toBe(type);
  });
});

describe('convertChangeEvent (leakage variant only)', () => {
  it('writes one CloudEvents 1.0 line on the named service, flagged as approximate in time', () => {
    const line = convertChangeEvent('e-1', "aws ssm put-parameter --name '/petstore/searchdelay'", 'PetSearch_AWS::ECS::Fargate', 1681855320);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({
      specversion: '1.0', id: 'e-1', type: 'config', subject: 'PetSearch_AWS::ECS::Fargate', time: '2023-04-18T22:02:00Z',
      data: { timeApproximate: true },
    });
  });
});
