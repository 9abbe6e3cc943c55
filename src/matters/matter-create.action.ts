/** "Create Matter": `POST /v1/matters`, safe to retry (see defineCreateAction). */
import { defineCreateAction } from '../builders/actions';
import { CREATE_MATTER } from './matter.keys';
import { matterKind } from './matter';

export const createMatter = defineCreateAction(matterKind, {
  key: CREATE_MATTER,
  description: 'Creates a matter (a snapshot entry), for example from a new Clio matter.',
});
