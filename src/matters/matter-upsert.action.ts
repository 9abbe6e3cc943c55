/** "Create or Update Matter from Clio Matter": one atomic merge `PATCH /v1/matters/by-ref/…`. */
import { defineUpsertAction } from '../builders/actions';
import { UPSERT_MATTER_FROM_CLIO } from './matter.keys';
import { matterKind } from './matter';

export const upsertMatterFromClio = defineUpsertAction(matterKind, {
  key: UPSERT_MATTER_FROM_CLIO,
  label: 'Create or Update Matter from Clio Matter',
  description:
    'Creates or updates the Snapshots matter linked to a Clio matter, in one step, so the same Clio matter always lands on the same Snapshots matter. Inputs left blank leave the field unchanged; use Fields to Clear to empty one.',
});
