/**
 * Order-preserving alignment of two layer lists (Needleman–Wunsch with free gaps): the set of
 * pairs with the highest total score, where score(i, j) is null for layers no rule relates.
 * Optimal alternatives are reported rather than silently picked between.
 */
export interface Alignment {
  matches: [number, number][];
  /** for a chosen pair "i,j": other pairs (i, j') or (i', j) that are part of an equally good alignment */
  alternatives: Map<string, [number, number][]>;
  total: number;
}

export type Score = (i: number, j: number) => number | null;

export function align(n: number, m: number, score: Score): Alignment {
  const s = new Map<number, number | null>();
  const sc = (i: number, j: number): number | null => {
    const key = i * (m + 1) + j;
    if (!s.has(key)) s.set(key, score(i, j));
    return s.get(key)!;
  };
  const w = m + 1;
  // F: best score for the prefixes A[0..i) and B[0..j); G: for the suffixes A[i..n) and B[j..m).
  const F = new Float64Array((n + 1) * w), G = new Float64Array((n + 1) * w);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      let best = Math.max(F[(i - 1) * w + j], F[i * w + j - 1]);
      const x = sc(i - 1, j - 1);
      if (x !== null) best = Math.max(best, F[(i - 1) * w + j - 1] + x);
      F[i * w + j] = best;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      let best = Math.max(G[(i + 1) * w + j], G[i * w + j + 1]);
      const x = sc(i, j);
      if (x !== null) best = Math.max(best, G[(i + 1) * w + j + 1] + x);
      G[i * w + j] = best;
    }
  }
  const total = F[n * w + m];
  const matches: [number, number][] = [];
  // Trace back from the end, skipping while that costs nothing: among equally good alignments the
  // pairs land as early as possible, which is the natural reading of two lists in order.
  for (let i = n, j = m; i > 0 && j > 0;) {
    if (F[i * w + j] === F[i * w + j - 1]) j--;
    else if (F[i * w + j] === F[(i - 1) * w + j]) i--;
    else { matches.push([i - 1, j - 1]); i--; j--; }
  }
  matches.reverse();
  const onOptimal = (i: number, j: number): boolean => {
    const x = sc(i, j);
    return x !== null && F[i * w + j] + x + G[(i + 1) * w + j + 1] === total;
  };
  const alternatives = new Map<string, [number, number][]>();
  for (const [i, j] of matches) {
    const alt: [number, number][] = [];
    for (let jj = 0; jj < m; jj++) if (jj !== j && onOptimal(i, jj)) alt.push([i, jj]);
    for (let ii = 0; ii < n; ii++) if (ii !== i && onOptimal(ii, j)) alt.push([ii, j]);
    if (alt.length) alternatives.set(`${i},${j}`, alt);
  }
  return { matches, alternatives, total };
}
