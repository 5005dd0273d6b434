import { type CrossRule, link, problem, result, who } from './common';

/** Embedding ↔ Embedding: (num, dim) in both, copied. */
export const embeddingRule: CrossRule = (t, k) => {
  const r = result('embedding');
  link(r, t.roles.get('weight'), k.roles.get('embeddings'));
  return r;
};

/**
 * PReLU: torch keeps one slope per channel (C,) or one in all (1,); Keras one per input position
 * with shared_axes set to 1, e.g. (1, 1, C) with shared_axes [1, 2]. Same numbers, new shape.
 */
export const preluRule: CrossRule = (t, k) => {
  const r = result('prelu');
  const w = t.roles.get('weight'), alpha = k.roles.get('alpha');
  if (w && alpha) {
    const n = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    if (n(w.shape) !== n(alpha.shape)) {
      r.problems.push({
        ...problem('error', 'prelu', `${who(k)} has ${n(alpha.shape)} slopes (${alpha.shape.join('×')}) but ${who(t)} has ${n(w.shape)}: `
          + `the Keras layer needs shared_axes over the spatial axes to hold one slope per channel`),
        tensors: [w.name, alpha.name],
      });
    } else {
      const same = w.shape.join() === alpha.shape.join();
      link(r, w, alpha, same ? [] : [{ op: 'reshape', shape: [...alpha.shape] }]);
    }
  }
  return r;
};
