export { AnalysisCache, type AnalyzedBundle } from './analysis-cache.ts';
export { LazyStore } from './lazy-store.ts';
export { createOpsightServer, type OpsightServerDeps } from './server.ts';
