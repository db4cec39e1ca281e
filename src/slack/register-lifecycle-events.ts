import type { App } from '@slack/bolt';
import { z } from 'zod';
import { SeveritySchema } from '../domain/index.ts';
import { declareIncident } from '../lifecycle/declare-incident.ts';
import { markKeyEvent } from '../lifecycle/mark-key-event.ts';
import { apologyFor } from './analyze-for-slack.ts';
import type { SlackLifecycle } from './lifecycle-wiring.ts';
import type { SlackAppServices } from './slack-app-services.ts';
import type { SlackMessage } from './slack-poster.ts';

/** The message shortcut's callback id (configure it in the Slack app's "Interactivity & Shortcuts"). */
export const DECLARE_SHORTCUT_ID = 'declare_incident';
/** The modal it opens. */
export const DECLARE_MODAL_ID = 'declare_incident_modal';
const TITLE_BLOCK = 'title';
const SEVERITY_BLOCK = 'severity';
const TITLE_MAX = 150;

const ReactionSchema = z.object({
  reaction: z.string().min(1),
  user: z.string().min(1),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
});

const MessageShortcutSchema = z.object({
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({ ts: z.string().min(1), text: z.string().default('') }),
});

const ModalMetadataSchema = z.object({ channelId: z.string().min(1), messageTs: z.string().min(1) });

const ModalSubmissionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    private_metadata: z.string().default(''),
    state: z.object({
      values: z.object({
        [TITLE_BLOCK]: z.object({ [TITLE_BLOCK]: z.object({ value: z.string().nullish() }) }),
        [SEVERITY_BLOCK]: z.object({ [SEVERITY_BLOCK]: z.object({ selected_option: z.object({ value: z.string() }).nullish() }) }),
      }),
    }),
  }),
});

/** The message text as a one-line title: mentions and links reduced to their labels, at most 150 characters. */
export function titleFromMessage(text: string): string {
  return text
    .replace(/<[@#!][^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:[^|>]*\|)?([^>]*)>/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, TITLE_MAX);
}

/**
 * Lifecycle events: a `reaction_added` with the pin reaction marks a key event; the `declare_incident`
 * message shortcut opens a modal (title from the message, severity) whose submission declares the incident.
 * Work runs on the queue after the ack; failures are logged or told to the person, never thrown.
 */
export function registerLifecycleEvents(app: App, services: SlackAppServices, lifecycle: SlackLifecycle): void {
  app.event('reaction_added', async ({ event }) => {
    const parsed = ReactionSchema.safeParse(event);
    if (!parsed.success) return; // reactions on files and malformed events are not timeline material
    const { reaction, user, item } = parsed.data;
    if (reaction !== lifecycle.context.settings.pinReaction) return;
    (services.urgentQueue ?? services.queue).enqueue(async () => {
      try {
        const outcome = await markKeyEvent(lifecycle.context, { channelId: item.channel, messageTs: item.ts, reaction, userId: user });
        services.logger.debug(`:${reaction}: on ${item.channel}/${item.ts}: ${outcome}`);
      } catch (error) {
        apologyFor(services, error, `marking ${item.channel}/${item.ts} as a key event`);
      }
    });
  });

  app.shortcut(DECLARE_SHORTCUT_ID, async ({ shortcut, ack, client }) => {
    await ack();
    const parsed = MessageShortcutSchema.safeParse(shortcut);
    if (!parsed.success) {
      services.logger.warn(`malformed ${DECLARE_SHORTCUT_ID} shortcut (it must be a message shortcut): ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const { trigger_id, channel, message, user } = parsed.data;
    try {
      await client.views.open({ trigger_id, view: declareModal(titleFromMessage(message.text), { channelId: channel.id, messageTs: message.ts }) as never });
    } catch (error) {
      await tell(services, channel.id, user.id, apologyFor(services, error, 'opening the declare-incident form'));
    }
  });

  app.view(DECLARE_MODAL_ID, async ({ ack, body }) => {
    const parsed = ModalSubmissionSchema.safeParse(body);
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: { [TITLE_BLOCK]: 'This form could not be read; open it again from the message.' } });
      services.logger.warn(`malformed ${DECLARE_MODAL_ID} submission: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const values = parsed.data.view.state.values;
    const title = values[TITLE_BLOCK][TITLE_BLOCK].value?.trim() ?? '';
    const severity = SeveritySchema.safeParse(values[SEVERITY_BLOCK][SEVERITY_BLOCK].selected_option?.value);
    const errors: Record<string, string> = {};
    if (!title) errors[TITLE_BLOCK] = 'Give the incident a title.';
    if (!severity.success) errors[SEVERITY_BLOCK] = 'Pick a severity: sev1, sev2, sev3 or sev4.';
    if (!severity.success || !title) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const userId = parsed.data.user.id;
    const source = ModalMetadataSchema.safeParse(safeJson(parsed.data.view.private_metadata));
    (services.urgentQueue ?? services.queue).enqueue(async () => {
      let reply: SlackMessage;
      try {
        const result = await declareIncident(lifecycle.context, { title, severity: severity.data, actor: await lifecycle.actorOf(userId) });
        reply = { text: result.ok ? result.message : `:warning: ${result.message}` };
        if (result.ok && source.success && result.value.channelId) {
          const from = { text: `Declared by <@${userId}> from a message in <#${source.data.channelId}> (ts ${source.data.messageTs}).` };
          await services.poster.post(result.value.channelId, from).catch((error: unknown) => services.logger.warn(`could not note the source message: ${(error as Error).message}`));
        }
      } catch (error) {
        reply = apologyFor(services, error, 'declaring an incident from a message');
      }
      await tell(services, source.success ? source.data.channelId : undefined, userId, reply);
    });
  });
}

/** Tells `userId` privately: ephemeral in the channel the shortcut came from, else a direct message. */
async function tell(services: SlackAppServices, channelId: string | undefined, userId: string, message: SlackMessage): Promise<void> {
  try {
    if (channelId) {
      await services.poster.postEphemeral(channelId, userId, message);
      return;
    }
  } catch {
    // not in that channel: fall through to a direct message
  }
  await services.poster.post(userId, message).catch((error: unknown) => services.logger.warn(`could not tell ${userId}: ${(error as Error).message}`));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function declareModal(title: string, source: z.infer<typeof ModalMetadataSchema>): Record<string, unknown> {
  const options = SeveritySchema.options.map((s) => ({ text: { type: 'plain_text', text: s.toUpperCase() }, value: s }));
  return {
    type: 'modal',
    callback_id: DECLARE_MODAL_ID,
    private_metadata: JSON.stringify(source),
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: TITLE_BLOCK,
        label: { type: 'plain_text', text: 'Title' },
        element: { type: 'plain_text_input', action_id: TITLE_BLOCK, max_length: TITLE_MAX, ...(title ? { initial_value: title } : {}) },
      },
      {
        type: 'input',
        block_id: SEVERITY_BLOCK,
        label: { type: 'plain_text', text: 'Severity' },
        element: { type: 'static_select', action_id: SEVERITY_BLOCK, options, initial_option: options[2] },
      },
    ],
  };
}
