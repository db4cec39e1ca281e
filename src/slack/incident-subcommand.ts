import type { WebClient } from '@slack/web-api';
import type { SlackAppServices } from './slack-app-services.ts';
import type { SlackMessage } from './slack-poster.ts';

/** The `/incident` invocation, validated. */
export interface IncidentCommandInvocation {
  /** The slash command as invoked (`/incident`). */
  commandName: string;
  channelId: string;
  channelName: string;
  userId: string;
  userName: string;
  /** Everything after the subcommand name. */
  argText: string;
  /** `argText` split on whitespace. */
  args: string[];
  responseUrl: string;
  triggerId: string;
}

/** What a subcommand handler gets; it runs after the ack, off the request path. */
export interface IncidentCommandContext {
  command: IncidentCommandInvocation;
  services: SlackAppServices;
  client: WebClient;
  /** Replies through `response_url` (redacted): to the invoker only, or to the channel with `inChannel`. */
  respond(message: SlackMessage & { inChannel?: boolean }): Promise<void>;
  /** All registered subcommands (for help texts). */
  subcommands: Readonly<Record<string, IncidentSubcommand>>;
}

/** One `/incident <name>` subcommand. */
export interface IncidentSubcommand {
  /** Arguments after the name, for help: `"<sev1|sev2|…>"`; empty when none. */
  usage: string;
  /** One line for `/incident help`. */
  description: string;
  /** Shown to the invoker in the ack itself (within Slack's 3 s), e.g. "Summarizing…". */
  ackText?: string;
  /** Runs in `services.urgentQueue`, not behind analyses (short work such as declaring an incident). */
  urgent?: boolean;
  run(context: IncidentCommandContext): Promise<void>;
}
