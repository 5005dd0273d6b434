import type { ExampleEntry } from '../store/types';

export const EXAMPLES_BASE = `${import.meta.env.BASE_URL}examples/`;

/**
 * Reads public/examples/index.json ([{file, label, description}] or {examples: [...]}). Absent (404, or the dev/preview server's HTML fallback)
 * or malformed means "no examples": the caller shows none.
 */
export async function loadExamples(signal?: AbortSignal): Promise<ExampleEntry[]> {
  try {
    const res = await fetch(`${EXAMPLES_BASE}index.json`, { signal, cache: 'no-cache' });
    if (!res.ok) return [];
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('html')) return [];
    const data: unknown = await res.json();
    // Either a bare array or {examples: [...]}.
    const list: unknown = Array.isArray(data) ? data : (data as { examples?: unknown } | null)?.examples;
    if (!Array.isArray(list)) return [];
    return list.filter((e): e is ExampleEntry =>
      !!e && typeof e === 'object' && typeof (e as ExampleEntry).file === 'string' &&
      /^[\w.-]+$/.test((e as ExampleEntry).file)).map((e) => ({
      file: e.file,
      label: typeof e.label === 'string' && e.label ? e.label : e.file,
      description: typeof e.description === 'string' ? e.description : undefined,
    }));
  } catch {
    return [];
  }
}

export function exampleUrl(e: ExampleEntry): string {
  return `${EXAMPLES_BASE}${encodeURIComponent(e.file)}`;
}
