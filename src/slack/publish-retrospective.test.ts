import { afterEach, beforeEach, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../../test/support/fake-slack-web-api.ts';
import { publishRetrospective } from './publish-retrospective.ts';

let fake: FakeSlackWebApi;
beforeEach(async () => {
  fake = await startFakeSlackWebApi();
  fake.on('files.getUploadURLExternal', () => ({ upload_url: `${fake.url}upload/F0RETRO1`, file_id: 'F0RETRO1' }));
  fake.on('files.completeUploadExternal', (args) => ({ files: [{ id: 'F0RETRO1', title: (args.files as Array<{ title: string }>)[0]?.title }] }));
});
afterEach(() => fake.close());

it('posts the message, uploads the markdown to the upload URL and completes the upload in its thread', async () => {
  const client = new WebClient('xoxb-test-token-0000', { slackApiUrl: fake.url });
  const markdown = '# INC-2041 retrospective\n\nCheckout failed for 90 min. Key sk_live_abcdefghij0123456789 was rotated.\n\n## Timeline\n- 15:00 first symptom';
  const published = await publishRetrospective(client, { channel: 'C07FYP5JX0', title: 'INC-2041 Checkout failing', markdown });

  const post = fake.callsTo('chat.postMessage')[0]!;
  expect(post.args.channel).toBe('C07FYP5JX0');
  expect(JSON.stringify(post.args.blocks)).toContain('Checkout failed for 90 min');
  expect(published.ts).toBe('1800000000.000001'); // the stand-in's first ts
  expect(fake.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: 'inc-2041-checkout-failing.md' });
  const uploaded = fake.callsTo('upload/F0RETRO1')[0]!;
  expect(JSON.stringify(uploaded.args)).toContain('first symptom');
  const complete = fake.callsTo('files.completeUploadExternal')[0]!;
  expect(complete.args).toMatchObject({ channel_id: 'C07FYP5JX0', thread_ts: published.ts });
  expect(published.fileId).toBe('F0RETRO1');
  const everything = JSON.stringify(fake.calls.map((c) => c.args));
  expect(everything).not.toContain('sk_live_abcdefghij0123456789');
  expect(everything).toContain('[STRIPE-KEY]');
});

it('accepts a channel name: the upload goes to the id chat.postMessage answers with', async () => {
  fake.on('chat.postMessage', () => ({ channel: 'C07FYP5JX0', ts: '1800000009.000001' }));
  const client = new WebClient('xoxb-test-token-0000', { slackApiUrl: fake.url });
  await publishRetrospective(client, { channel: 'inc-20260304-payment', title: 'INC-2041', markdown: '# x\n\nbody' });
  expect(fake.callsTo('chat.postMessage')[0]!.args.channel).toBe('inc-20260304-payment');
  expect(fake.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({ channel_id: 'C07FYP5JX0', thread_ts: '1800000009.000001' });
});
