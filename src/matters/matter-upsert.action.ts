/** "Create or Update Matter from Clio Matter": one atomic merge `PATCH /v1/matters/by-ref/…`. */
import { defineUpsertAction } from '../builders/actions';
import { UPSERT_MATTER_FROM_CLIO } from './matter.keys';
import { matterKind } from './matter';

export const upsertMatterFromClio = defineUpsertAction(matterKind, {
  key: UPSERT_MATTER_FROM_CLIO,
  label: 'Create or Update Matter from Clio Matter',
  description:
    'Creates or updates the matter linked to a Clio matter, in one step, so a Clio matter always lands on the same record.',
});
