import type { ConfigFile } from '../config-file.ts';
import { configSection } from '../config-file.ts';
import { type ApprovalPolicy, ApprovalPolicySchema } from './approval-policy.ts';
import { type CommandCatalog, loadCommandCatalog } from './command-catalog.ts';
import { type ExecutorSettings, ExecutorSettingsSchema } from './executor-settings.ts';

/** Catalog, policy and executor settings from the settings file (`commands`, `policy`, `executor`), defaults filled in. */
export interface ExecutorConfig {
  catalog: CommandCatalog;
  policy: ApprovalPolicy;
  settings: ExecutorSettings;
}

/** Reads the three sections; a problem throws a `ConfigFileError`/`ExecutorError` naming the field. */
export function loadExecutorConfig(file: ConfigFile): ExecutorConfig {
  return {
    catalog: loadCommandCatalog(file),
    policy: configSection(file, 'policy', ApprovalPolicySchema),
    settings: configSection(file, 'executor', ExecutorSettingsSchema),
  };
}
