import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared/fixtures beside the project; absent on a user's fresh clone. */
export const SHARED = join(root, '..', 'shared', 'fixtures');
export const HAS_SHARED = existsSync(SHARED);
export const SHARED_SKIP_REASON = `../shared/fixtures not found at ${SHARED}: tests on the shared real-world fixtures are skipped (they run in CI)`;
export const PROJECT_ROOT = root;
export const OWN_FIXTURES = join(root, 'tests', 'fixtures');

if (!HAS_SHARED) console.warn(SHARED_SKIP_REASON);

export interface RefTensor { name: string; shape: number[]; dtype: string; numel: number; sum: number; sha256: string }
export interface RefJson {
  model: string; input_shape: number[]; input: number[]; input_layout: string;
  output_shape?: number[]; output?: number[]; total_params: number; tensors: RefTensor[];
}
