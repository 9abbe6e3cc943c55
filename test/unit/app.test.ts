/** The app registers each operation under its key from src/keys.ts, with the settings its role needs. */
import { app } from '../../src/app';
import {
  ACTIVITY_LIST,
  LOCATION_LIST,
  MATTER_LIST,
  SYNC_ERROR_NEW,
  dynamicDropdown,
} from '../../src/keys';

const DROPDOWN_KEYS = [LOCATION_LIST, MATTER_LIST, ACTIVITY_LIST] as const;

describe('the app definition', () => {
  it('registers every trigger under its own key', () => {
    expect(Object.keys(app.triggers).sort()).toEqual(
      [LOCATION_LIST, MATTER_LIST, ACTIVITY_LIST, SYNC_ERROR_NEW].sort(),
    );
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

  it('the sync-error trigger is visible, with a sample and labelled output fields', () => {
    const trigger = app.triggers[SYNC_ERROR_NEW];
    expect(trigger.display).not.toHaveProperty('hidden');
    expect(trigger.operation).toMatchObject({
      type: 'polling',
      sample: expect.objectContaining({ id: expect.any(String) }),
      outputFields: expect.arrayContaining([{ key: 'id', label: 'ID', type: 'string' }]),
    });
  });
});
