import { describe, expect, it } from 'vitest';
import { BundleError, TopologySchema } from '../../src/domain/index.ts';
import { convertGraphCsv } from './convert-graph-csv.ts';
import { hasPetshopDataset, petshopDatasetDir } from './petshop-fixtures.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const GRAPH = [
  ',PetSite,PetSearch_AWS::ECS::Fargate,petInfo_AWS::DynamoDB::Table',
  'PetSite,0.0,1.0,0.0',
  'PetSearch_AWS::ECS::Fargate,0.0,0.0,2.0',
  'petInfo_AWS::DynamoDB::Table,0.0,0.0,0.0',
].join('\n');

describe('convertGraphCsv', () => {
  it('maps a non-zero cell (row, col) to row dependsOn col, and marks nothing external', () => {
    const topology = convertGraphCsv(GRAPH);
    expect(topology).toEqual({
      services: [
        { name: 'PetSite', dependsOn: ['PetSearch_AWS::ECS::Fargate'] },
        { name: 'PetSearch_AWS::ECS::Fargate', dependsOn: ['petInfo_AWS::DynamoDB::Table'] },
        { name: 'petInfo_AWS::DynamoDB::Table', dependsOn: [] },
      ],
    });
    expect(TopologySchema.safeParse(topology).success).toBe(true);
  });

  it('rejects a row node that is not in the header', () => {
    expect(() => convertGraphCsv(GRAPH.replace('\nPetSite,', '\nPetShop,'))).toThrow(BundleError);
  });

  it.skipIf(!hasPetshopDataset)('reads the real high_traffic graph: 44 nodes, PetSite calls PetSearch and payforadoption', () => {
    const topology = convertGraphCsv(readFileSync(join(petshopDatasetDir, 'dataset/high_traffic/graph.csv'), 'utf8'));
    expect(topology.services).toHaveLength(44);
    const petsite = topology.services.find((s) => s.name === 'PetSite');
    expect(petsite?.dependsOn).toEqual(expect.arrayContaining(['PetSearch_AWS::ECS::Fargate', 'payforadoption_AWS::ECS::Container']));
  });
});
