/// <reference lib="webworker" />
/**
 * Where a converted file is written in the browser. The origin-private file system (OPFS) keeps
 * it on disk, so a multi-GB output never sits in memory and the File it gives back can be read
 * for the check and downloaded; where OPFS is missing, the parts are kept as a Blob.
 */

export interface OutputSink {
  write(part: Uint8Array): Promise<void>;
  /** the finished file (on disk with OPFS) */
  finish(): Promise<Blob>;
  /** a failed or cancelled write leaves nothing behind */
  abort(): Promise<void>;
}

const DIR = 'weightbridge-outputs';
// One folder per page session (`s<time>-<random>`, named by the page so that it survives a worker
// that is terminated on cancel); folders of sessions older than this are removed (closed tabs).
const STALE_MS = 6 * 3600 * 1000;

async function outputsDir(): Promise<FileSystemDirectoryHandle | null> {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(DIR, { create: true });
  } catch {
    return null;
  }
}

let swept = false;
async function sweepStale(dir: FileSystemDirectoryHandle, session: string): Promise<void> {
  if (swept) return;
  swept = true;
  const now = Date.now();
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    const born = Number(/^s(\d+)-/.exec(name)?.[1]);
    if (name !== session && born && now - born > STALE_MS) await dir.removeEntry(name, { recursive: true }).catch(() => undefined);
  }
}

function blobSink(): OutputSink {
  let parts: Uint8Array[] = [];
  return {
    async write(part) { parts.push(part.slice()); },
    async finish() { const b = new Blob(parts as BlobPart[]); parts = []; return b; },
    async abort() { parts = []; },
  };
}

/** A sink for job `id`'s output; `name` only helps when looking at the folder. */
export async function openSink(session: string, id: number, name: string): Promise<OutputSink> {
  const dir = await outputsDir();
  if (!dir) return blobSink();
  await sweepStale(dir, session);
  let handle: FileSystemSyncAccessHandle;
  let file: FileSystemFileHandle;
  let folder: FileSystemDirectoryHandle;
  const entry = `${id}-${name.replace(/[^\w.-]+/g, '_')}`;
  try {
    folder = await dir.getDirectoryHandle(session, { create: true });
    file = await folder.getFileHandle(entry, { create: true });
    handle = await file.createSyncAccessHandle();
    handle.truncate(0);
  } catch {
    return blobSink();
  }
  let at = 0;
  return {
    async write(part) {
      const n = handle.write(part, { at });
      if (n !== part.length) throw new Error(`the browser's storage took ${n} of ${part.length} bytes (is the disk or the site's quota full?)`);
      at += n;
    },
    async finish() {
      handle.flush();
      handle.close();
      return file.getFile();
    },
    async abort() {
      try { handle.close(); } catch { /* already closed */ }
      await folder.removeEntry(entry).catch(() => undefined);
    },
  };
}

/** Removes job `id`'s stored output (its File stops being readable). */
export async function discardOutput(session: string, id: number): Promise<void> {
  const dir = await outputsDir();
  if (!dir) return;
  try {
    const folder = await dir.getDirectoryHandle(session);
    for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) {
      if (name.startsWith(`${id}-`)) await folder.removeEntry(name).catch(() => undefined);
    }
  } catch { /* nothing stored */ }
}
