import type { RootCauseKind } from '../../src/domain/index.ts';
import type { FaultContext, FaultPlan } from './fault-types.ts';
import { certificateFault, configFault, credentialFault, databaseFault, deployFault, featureFlagFault } from './faults/change-faults.ts';
import { dependencyFault, networkFault, resourceLeakFault, unknownFault } from './faults/infra-faults.ts';
import { capacityFault, costFault, retryStormFault, securityFault } from './faults/load-faults.ts';

/** One fault builder per root-cause kind of the spec. */
export const FaultCatalog: Record<RootCauseKind, (ctx: FaultContext) => FaultPlan> = {
  deploy: deployFault,
  config: configFault,
  'feature-flag': featureFlagFault,
  capacity: capacityFault,
  dependency: dependencyFault,
  certificate: certificateFault,
  credential: credentialFault,
  'resource-leak': resourceLeakFault,
  network: networkFault,
  database: databaseFault,
  cost: costFault,
  security: securityFault,
  'retry-storm': retryStormFault,
  unknown: unknownFault,
};
