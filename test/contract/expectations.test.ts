/**
 * The shared assertions must be able to fail: a problem "names a field" only when `errors[].field`
 * is that field (or a path inside it) or the detail quotes it, never because the name happens to
 * be a substring of the detail (`q` is in every "request").
 */
import { useSandbox } from '../support/api';
import { expectProblem, problemNames } from '../support/expectations';

const h = useSandbox();
let token: string;

beforeEach(async () => {
  token = await h.fresh();
});

describe('expectProblem(…, { field })', () => {
  it('does not take a short name inside a word of the detail for naming it', async () => {
    const response = await h.call('POST', '/v1/locations', { token, body: [] });
    expectProblem(response, 400);
    expect(response.body.detail).toMatch(/request/);
    expect(problemNames(response.body, 'q')).toBe(false);
    expect(() => expectProblem(response, 400, { field: 'q' })).toThrow(/to name "q"/);
  });

  it('passes when the sandbox really names the parameter', async () => {
    const response = await h.call('GET', '/v1/locations', { token, query: { q: '' } });
    expectProblem(response, 400, { field: 'q' });
  });

  it.each([
    [{ errors: [{ field: 'q', message: 'x' }] }, 'q', true],
    [{ errors: [{ field: 'address.country', message: 'x' }] }, 'address', true],
    [{ errors: [{ field: 'addressee', message: 'x' }] }, 'address', false],
    [{ errors: [{ field: 'external_refs.clio', message: 'x' }] }, 'external_refs.clio', true],
    [{ errors: [{ field: 'external_refs', message: 'x' }] }, 'external_refs.clio', false],
    [{ detail: '`q` must not be empty.' }, 'q', true],
    [{ detail: 'Unknown parameter "q".' }, 'q', true],
    [{ detail: "Unknown parameter 'q'." }, 'q', true],
    [{ detail: 'The request is bad.' }, 'q', false],
    [{ detail: 'q must not be empty.' }, 'q', false],
    [{ detail: '`qq` must not be empty.' }, 'q', false],
    [{ detail: '`a.b` is wrong.' }, 'a', false],
    [{ detail: '`a.b` is wrong.' }, 'a.b', true],
    [{ detail: '`axb` is wrong.' }, 'a.b', false],
  ])('problemNames(%j, %p) is %p', (body, field, expected) => {
    expect(problemNames(body, field)).toBe(expected);
  });
});
