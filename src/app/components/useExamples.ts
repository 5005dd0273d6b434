import { useEffect, useState } from 'react';
import { loadExamples } from '../lib/examples';
import type { ExampleEntry } from '../store/types';

let cached: Promise<ExampleEntry[]> | null = null;

/** The bundled example models (public/examples/index.json); null while loading, [] when there are none. */
export function useExamples(): ExampleEntry[] | null {
  const [examples, setExamples] = useState<ExampleEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= loadExamples();
    void cached.then((list) => { if (live) setExamples(list); });
    return () => { live = false; };
  }, []);
  return examples;
}
