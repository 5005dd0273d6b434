import { fuzzFamilyTests } from './harness';

/**
 * The fuzz suite: seeded mutations of every format family's fixtures, each case run in a worker
 * thread under a watchdog (see harness.ts for the knobs, runCase.ts for the rule every case obeys).
 * `npm test` runs 2,000 cases per family with seed 1; `npm run fuzz` runs 10,000 with a fresh seed.
 * msPerCase is a generous estimate that only sizes the test timeout.
 */
fuzzFamilyTests([
  { family: 'keras-h5', msPerCase: 20 },
  { family: 'keras-zip', msPerCase: 20 },
  { family: 'torchscript', msPerCase: 10 },
  { family: 'torch-zip', msPerCase: 10 },
  { family: 'torch-legacy', msPerCase: 8 },
  { family: 'pickle', msPerCase: 3 },
  { family: 'safetensors', msPerCase: 3 },
]);
