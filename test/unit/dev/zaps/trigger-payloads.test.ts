/**
 * Clio's trigger payloads are Clio's Matter objects (issue 16, finding 5): they validate against
 * the answer schema of `GET /matters/{id}.json` in Clio's document, with Clio's integer ids,
 * composite custom field value ids, plain dates and default numbering, and "Matter Status Updated"
 * claims no change the flow never made in Clio.
 */
import {
  CLIO_MATTER_STATUS_UPDATED,
  CLIO_NEW_CONTACT,
  CLIO_NEW_MATTER,
} from '../../../../dev/zaps/trigger-payloads';
import { clioConformance } from '../../../../sandbox/clio/conformance';
import { type ClioStandIn, startClioStandIn } from '../../../../sandbox/clio';
import { clioCall, expectClioConformance } from '../../../support/clio';

const PAYLOADS = [
  ['New Matter', CLIO_NEW_MATTER],
  ['Matter Status Updated', CLIO_MATTER_STATUS_UPDATED],
] as const;
const check = clioConformance();

describe.each(PAYLOADS)('the %s payload', (_name, payload) => {
  it('is a Matter as Clio answers it (the document, with its corrections)', () => {
    const problems = check({
      method: 'GET',
      path: `/api/v4/matters/${payload.id}.json`,
      status: 200,
      requestBody: undefined,
      responseBody: { data: payload },
    });
    expect(problems).toEqual([]);
  });

  it('has integer ids, composite value ids and plain dates', () => {
    expect(Number.isInteger(payload.id)).toBe(true);
    expect(Number.isInteger(payload.client.id)).toBe(true);
    for (const value of payload.custom_field_values) {
      expect(value.id).toMatch(/^[a-z_]+-[1-9]\d*$/);
      expect(Number.isInteger(value.custom_field.id)).toBe(true);
      if (value.field_type === 'date') expect(value.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const date of [payload.open_date, payload.pending_date, payload.close_date]) {
      if (date !== null) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('the payloads against what the stand-in holds', () => {
  let clio: ClioStandIn;
  beforeEach(async () => {
    clio = await startClioStandIn({ port: 0 });
  });
  afterEach(async () => {
    expectClioConformance(clio);
    await clio.close();
  });

  it('numbers the matter as Clio does by default: the same display number for the same matter', async () => {
    const created = await clioCall(
      clio,
      'POST',
      '/api/v4/matters.json?fields=id,number,display_number',
      {
        data: {
          client: { id: CLIO_NEW_MATTER.client.id },
          description: CLIO_NEW_MATTER.description,
        },
      },
    );
    expect(created.body.data).toEqual({
      id: CLIO_NEW_MATTER.id,
      number: CLIO_NEW_MATTER.number,
      display_number: CLIO_NEW_MATTER.display_number,
    });
  });

  it('"Matter Status Updated" differs from "New Matter" only in what a status change moves', () => {
    const changed = Object.keys(CLIO_MATTER_STATUS_UPDATED).filter(
      (key) =>
        JSON.stringify(CLIO_MATTER_STATUS_UPDATED[key as keyof typeof CLIO_NEW_MATTER]) !==
        JSON.stringify(CLIO_NEW_MATTER[key as keyof typeof CLIO_NEW_MATTER]),
    );
    expect(changed.sort()).toEqual(['pending_date', 'status', 'updated_at']);
  });
});

describe('the New Contact payload', () => {
  it('is a Contact as Clio answers it, holding the country by name and the phone as typed', () => {
    const problems = check({
      method: 'GET',
      path: `/api/v4/contacts/${CLIO_NEW_CONTACT.id}.json`,
      status: 200,
      requestBody: undefined,
      responseBody: { data: CLIO_NEW_CONTACT },
    });
    expect(problems).toEqual([]);
    expect(Number.isInteger(CLIO_NEW_CONTACT.id)).toBe(true);
    expect(CLIO_NEW_CONTACT.primary_address.country).toBe('Canada');
    expect(CLIO_NEW_CONTACT.primary_phone_number).toBe('604-555-0100');
  });
});
