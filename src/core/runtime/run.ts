import type { BackendName, RunnableModel, RunResult, Sample } from './types';

export interface RunModelOptions {
  backend?: BackendName;
  /** record every layer's output */
  collect?: boolean;
}

/** One run on a fresh session: builds the weights on the backend, runs, frees them. */
export async function runModel(model: RunnableModel, sample: Sample, opts: RunModelOptions = {}): Promise<RunResult & { setupMs: number }> {
  const session = await model.session(opts.backend ?? 'cpu');
  try {
    const r = await session.run(sample, { collect: opts.collect });
    return { ...r, setupMs: session.setupMs };
  } finally {
    session.dispose();
  }
}
