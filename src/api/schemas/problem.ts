/** RFC 9457 problem details: the shape of every API error. */
import { z } from 'zod';
import { ExternalRefs } from './common';

export const FieldError = z
  .object({
    field: z.string().meta({ description: 'Dotted path, e.g. `address.country`.' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    request_id: z.string(),
    errors: z.array(FieldError).optional(),
    required_scope: z
      .string()
      .optional()
      .meta({ description: 'On 403: the scope the token lacks.' }),
    current_external_refs: ExternalRefs.optional().meta({
      description: "On 409 `external-ref-mismatch`: the record's references as they are now.",
    }),
  })
  .meta({ id: 'Problem' });

/**
 * The last segment of a problem's `type` URI for the cases a client must tell apart from others
 * with the same status (e.g. two kinds of 409).
 */
export const PROBLEM_SLUGS = {
  externalRefConflict: 'external-ref-conflict',
  /** A patch's `expected_external_refs` did not hold: the record is linked otherwise. */
  externalRefMismatch: 'external-ref-mismatch',
  idempotencyRequestInProgress: 'idempotency-request-in-progress',
  idempotencyKeyReused: 'idempotency-key-reused',
} as const;

export type FieldError = z.infer<typeof FieldError>;
export type Problem = z.infer<typeof Problem>;
