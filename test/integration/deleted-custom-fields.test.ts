/**
 * A custom field deleted after a step or a filter chose it (issue 17, findings 5 and 9), against
 * the real sandbox over loopback with the hook emulator playing Zapier's part: a filter naming an
 * unknown custom field is refused when the Zap is turned on; one whose field is deleted later lets
 * updates through, saying so; a blank input of a deleted field is ignored, a filled one halts.
 */
import { randomUUID } from 'node:crypto';
import { createAppTester, errors, type ZObject } from 'zapier-platform-core';
import { app } from '../../src/app';
import type { StoredAuthData } from '../../src/auth/authentication';
import { CHANGED_FIELDS_INPUT, FILTER_NOT_APPLIED } from '../../src/builders/hook-trigger';
import { createApiClient } from '../../src/http/client';
import { createMatter } from '../../src/matters/matter-create.action';
import { useHookEmulators } from '../support/hook-emulators';
import { useSandboxOverLoopback } from '../support/sandbox';

const sandbox = useSandboxOverLoopback();
const hooks = useHookEmulators();
const tester = createAppTester(app);
let authData: StoredAuthData;

beforeEach(async () => {
  await sandbox.reset('empty');
  await sandbox.controls.setWebhookSchedule({ preset: 'compressed' });
  authData = await sandbox.connect();
});

const withApi = <T>(use: (api: ReturnType<typeof createApiClient>) => Promise<T>) =>
  tester((z: ZObject) => use(createApiClient(z)), { authData });
const webhookCount = async () =>
  ((await sandbox.get('/webhooks', authData.access_token)) as { data: unknown[] }).data.length;
const matterCount = async () =>
  ((await sandbox.get('/matters', authData.access_token)) as { data: unknown[] }).data.length;

describe('Only When These Fields Change on a custom field', () => {
  it('is refused when the Zap is turned on if matters have no such custom field; nothing subscribed', async () => {
    const hook = await hooks.start({
      trigger: app.triggers.new_or_updated_matter,
      authData,
      inputData: { [CHANGED_FIELDS_INPUT]: ['status', 'custom_fields.billing_cod'] },
    });
    const subscribing = hook.subscribe();
    await expect(subscribing).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(subscribing).rejects.toThrow(
      '"Only When These Fields Change" has the custom field "billing_cod", which matters do not have in Snapshots',
    );
    expect(await webhookCount()).toBe(0);
  });

  it('deleted after the Zap was turned on: updates fire, saying the filter could not be applied', async () => {
    const hook = await hooks.start({
      trigger: app.triggers.new_or_updated_matter,
      authData,
      inputData: { [CHANGED_FIELDS_INPUT]: ['custom_fields.billing_code'] },
    });
    await hook.subscribe();
    const matter = await withApi((api) =>
      api.matters.create({ title: 'Case' }, { idempotencyKey: randomUUID() }),
    );
    await withApi((api) => api.matters.update(matter.matter_id, { title: 'Case, renamed' }));
    await hooks.waitFor(() => expect(hook.runs).toBe(2));
    // While the field exists the filter applies: the title change fired nothing.
    expect(hook.outputs.map((output) => [output.event_type, output[FILTER_NOT_APPLIED]])).toEqual([
      ['matter.created', ''],
    ]);

    await sandbox.controls.removeCustomField('matter', 'billing_code');
    await withApi((api) => api.matters.update(matter.matter_id, { status: 'pending' }));
    await hooks.waitFor(() => expect(hook.outputs).toHaveLength(2));
    expect(hook.outputs[1]).toMatchObject({
      event_type: 'matter.updated',
      status: 'pending',
      [FILTER_NOT_APPLIED]:
        'Only When These Fields Change could not be applied, so this update fired: the custom field "billing_code" no longer exists in Snapshots. Edit the trigger to choose its fields again.',
    });
  });
});

describe('a step with an input of a deleted custom field', () => {
  const run = (inputData: Record<string, unknown>) =>
    tester(createMatter.operation.perform as never, { authData, inputData });

  it('left blank, is ignored: the record is written', async () => {
    await sandbox.controls.removeCustomField('matter', 'billing_code');
    await expect(run({ title: 'Case', custom_fields__billing_code: '' })).resolves.toMatchObject({
      title: 'Case',
    });
    expect(await matterCount()).toBe(1);
  });

  it('filled in, halts naming the field, and nothing is written', async () => {
    await sandbox.controls.removeCustomField('matter', 'billing_code');
    const attempt = run({ title: 'Case', custom_fields__billing_code: 'B-1' });
    await expect(attempt).rejects.toBeInstanceOf(errors.HaltedError);
    await expect(attempt).rejects.toThrow(
      /"billing_code" is no longer a custom field of matters in Snapshots, so its value cannot be saved/,
    );
    expect(await matterCount()).toBe(0);
  });
});
