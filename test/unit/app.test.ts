/** The app registers each operation under its key (src/<object>/<object>.keys.ts), with the settings its role needs. */
import { app } from '../../src/app';
import {
  ACTIVITY_LIST,
  NEW_ACTIVITY,
  NEW_OR_UPDATED_ACTIVITY,
} from '../../src/activities/activity.keys';
import { dynamicDropdown } from '../../src/keys';
import {
  LOCATION_LIST,
  NEW_LOCATION,
  NEW_OR_UPDATED_LOCATION,
} from '../../src/locations/location.keys';
import { MATTER_LIST, NEW_MATTER, NEW_OR_UPDATED_MATTER } from '../../src/matters/matter.keys';
import { NEW_SYNC_ERROR } from '../../src/sync-errors/sync-error.keys';

const DROPDOWN_KEYS = [LOCATION_LIST, MATTER_LIST, ACTIVITY_LIST] as const;
const HOOK_KEYS = [
  NEW_LOCATION,
  NEW_OR_UPDATED_LOCATION,
  NEW_MATTER,
  NEW_OR_UPDATED_MATTER,
  NEW_ACTIVITY,
  NEW_OR_UPDATED_ACTIVITY,
  NEW_SYNC_ERROR,
] as const;

describe('the app definition', () => {
  it('registers every trigger under its own key', () => {
    expect(Object.keys(app.triggers).sort()).toEqual([...DROPDOWN_KEYS, ...HOOK_KEYS].sort());
    for (const [key, trigger] of Object.entries(app.triggers)) expect(trigger.key).toBe(key);
  });

  it.each(DROPDOWN_KEYS)('%s is a hidden, paging polling trigger', (key) => {
    const trigger = app.triggers[key];
    expect(trigger.display.hidden).toBe(true);
    expect(trigger.operation).toMatchObject({ type: 'polling', canPaginate: true });
  });

  it.each(DROPDOWN_KEYS)('dynamicDropdown(%p) names the trigger, its id and its label', (key) => {
    const [trigger, value, label] = dynamicDropdown(key).split('.');
    expect(app.triggers[trigger as typeof key].key).toBe(key);
    expect([value, label]).toEqual(['id', 'label']);
  });

  it.each(HOOK_KEYS)(
    '%s is a visible REST hook with subscribe, unsubscribe, list, sample and labelled fields',
    (key) => {
      const trigger = app.triggers[key];
      expect(trigger.display).not.toHaveProperty('hidden');
      expect(trigger.display.label).toMatch(/^New( or Updated)? [A-Z][a-z]+( [A-Z][a-z]+)?$/);
      expect(trigger.display.description).toMatch(/^Triggers when /);
      expect(trigger.operation).toMatchObject({
        type: 'hook',
        performSubscribe: expect.any(Function),
        performUnsubscribe: expect.any(Function),
        perform: expect.any(Function),
        performList: expect.any(Function),
        sample: expect.objectContaining({ id: expect.any(String) }),
        outputFields: expect.arrayContaining([
          expect.objectContaining({ key: 'id', label: expect.any(String) }),
        ]),
      });
    },
  );

  it('has no polling sync_error_new trigger: the instant new_sync_error replaces it', () => {
    expect(Object.keys(app.triggers)).not.toContain('sync_error_new');
  });
});
