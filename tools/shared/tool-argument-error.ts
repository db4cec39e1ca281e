import { OpsightError, preview } from '../../src/domain/index.ts';

/** A tool argument is well-typed but unusable (`start` after `end`, a cursor from another tool). */
export class ToolArgumentError extends OpsightError {
  constructor(
    readonly argument: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super('TOOL_ARGUMENT_INVALID', `Invalid argument ${argument}: must be ${expected}, got ${preview(got)}`);
  }
}
