import { join } from 'node:path';

/** The project folder: the benchmark runs compiled, from dist/dev/bench. */
export const ROOT = join(__dirname, '..', '..', '..');
