/**
 * The port between the agent loop and any chat-completions model. The `openai` adapter
 * (`openai-chat-model.ts`) implements it; tests drive it through a local OpenAI-compatible server.
 */

/** A tool the model may call: a name, a description written for the model, JSON-Schema parameters. */
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** One tool call the model asked for; `argumentsJson` is the raw string the model produced. */
export interface ToolCall {
  id: string;
  name: string;
  argumentsJson: string;
}

/** One message of the conversation, in the chat-completions shape. */
export type AgentMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** Ask the model for JSON matching this schema (`response_format: json_schema`, strict). */
export interface ResponseFormat {
  name: string;
  schema: Record<string, unknown>;
}

/** One request to the model. */
export interface ChatRequest {
  messages: AgentMessage[];
  tools?: ToolDefinition[];
  /** Requested output shape; servers may ignore it, so callers always validate the content. */
  responseFormat?: ResponseFormat;
  /** Aborts the request (wall-time budget). */
  signal?: AbortSignal;
}

/** Tokens as counted by the server (0 when a server does not report usage). */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The model's reply: text, tool calls, or both. */
export interface ChatResponse {
  content: string | null;
  toolCalls: ToolCall[];
  usage: ChatUsage;
  finishReason: string | null;
}

/** A chat-completions model. `name` is what reports say wrote the prose. */
export interface ChatModel {
  readonly name: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
}
