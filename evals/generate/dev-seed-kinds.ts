import { RootCauseKindSchema, type RootCauseKind } from '../../src/domain/index.ts';

/** Every root-cause kind of the spec, in the order seeds rotate through them. */
export const Kinds: readonly RootCauseKind[] = RootCauseKindSchema.options;

/** Seeds of the committed dev set. */
export const DevSeeds: readonly number[] = Array.from({ length: 40 }, (_, i) => i + 1);

/** The root-cause kind `generateScenario` gives a seed when no kind is asked for. */
export function kindOfSeed(seed: number): RootCauseKind {
  return Kinds[((seed % Kinds.length) + Kinds.length) % Kinds.length] as RootCauseKind;
}

export const DevSeedKinds: readonly RootCauseKind[] = DevSeeds.map(kindOfSeed);
