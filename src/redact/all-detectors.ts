import { CREDENTIAL_DETECTORS } from './credential-detectors.ts';
import type { Detector } from './detector.ts';
import { HIGH_ENTROPY_DETECTOR } from './high-entropy-detector.ts';
import { PII_DETECTORS } from './pii-detectors.ts';
import { PROVIDER_DETECTORS } from './provider-detectors.ts';

/** Every built-in detector: vendor shapes first (they name the finding best), then keyed credentials, entropy, PII. */
export const ALL_DETECTORS: readonly Detector[] = [...PROVIDER_DETECTORS, ...CREDENTIAL_DETECTORS, HIGH_ENTROPY_DETECTOR, ...PII_DETECTORS];
