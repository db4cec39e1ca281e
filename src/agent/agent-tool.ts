import { z } from 'zod';
import { OpsightError } from '../domain/errors.ts';
import type { ToolDefinition } from './chat-model.ts';

/** A tool the loop can run: its definition for the model and the function behind it. */
export interface AgentTool {
  definition: ToolDefinition;
  /** Returns the tool's output as text (usually JSON); throws {@link ToolInputError} on bad arguments. */
  run(args: Record<string, unknown>): Promise<string>;
}

/** The model called a tool with arguments that do not match its schema; goes back to the model. */
export class ToolInputError extends OpsightError {
  constructor(readonly tool: string, problems: string[]) {
    super('TOOL_INPUT_INVALID', `${tool}: ${problems.join('; ')}`);
  }
}

/** A tool whose zod parameters are both its JSON Schema for the model and the check of each call. */
export function defineTool<S extends z.ZodObject>(name: string, description: string, parameters: S, run: (args: z.infer<S>) => Promise<unknown> | unknown): AgentTool {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(parameters) as Record<string, unknown>;
  return {
    definition: { name, description, parameters: schema },
    async run(args) {
      const parsed = parameters.safeParse(args);
      if (!parsed.success) throw new ToolInputError(name, parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`));
      const result = await run(parsed.data);
      return typeof result === 'string' ? result : JSON.stringify(result);
    },
  };
}
