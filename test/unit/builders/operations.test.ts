/** The app's tables: every folder's operations of a role, each under its own key. */
import { operationsByKey } from '../../../src/builders/operations';

const folder = (triggers: { key: string }[], creates: { key: string }[] = []) => ({
  triggers,
  creates,
  searches: [],
  searchOrCreates: [],
});

describe('operationsByKey', () => {
  it('puts every folder’s operations of the role under their keys, in the folders’ order', () => {
    const newA = { key: 'new_a', label: 'A' };
    const newB = { key: 'new_b', label: 'B' };
    const table = operationsByKey(
      [folder([newA]), folder([newB], [{ key: 'create_b' }])],
      'triggers',
    );
    expect(table).toEqual({ new_a: newA, new_b: newB });
    expect(Object.keys(table)).toEqual(['new_a', 'new_b']);
  });

  it('refuses a key that two operations of the role share', () => {
    expect(() =>
      operationsByKey([folder([{ key: 'new_a' }]), folder([{ key: 'new_a' }])], 'triggers'),
    ).toThrow('Two triggers use the key new_a.');
  });

  it('keeps the roles apart: the same key in two roles is no clash', () => {
    const both = [folder([{ key: 'find_a' }], [{ key: 'find_a' }])];
    expect(Object.keys(operationsByKey(both, 'triggers'))).toEqual(['find_a']);
    expect(Object.keys(operationsByKey(both, 'creates'))).toEqual(['find_a']);
  });
});
