/// <reference lib="webworker" />
/**
 * The offline cache. Built by vite.config.ts (offlineShell) into /sw.js as a classic script, with
 * the app shell's files and a build version written in. Installing precaches the shell (the HTML,
 * its script and styles, the model worker); every other same-origin file the app fetches later —
 * the lazily loaded chunks (plotly, tfjs, h5wasm), their .wasm files, the examples — is cached as
 * it passes, so a second visit works with the network off. A user's model file is a Blob read in
 * place: it never passes through here.
 *
 * No clients.claim(): a page starts being served from here on its next load, so the visit that
 * installs the cache (and tests that intercept requests) talk to the network directly.
 */
declare const __WB_SHELL__: string[];
declare const __WB_VERSION__: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `weightbridge-${__WB_VERSION__}`;
const SHELL: string[] = __WB_SHELL__;

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

sw.addEventListener('activate', (event) => {
  // Older versions' files go once no page uses them (this version only activates then).
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((n) => n.startsWith('weightbridge-') && n !== CACHE).map((n) => caches.delete(n)),
  )));
});

/** Content-hashed build output never changes under its name: the cached copy is always right. */
const immutable = (url: URL): boolean => url.pathname.startsWith('/assets/');
/** Same names, new contents after a rebuild: fresh when online, cached when not. */
const refreshable = (url: URL): boolean => url.pathname.startsWith('/examples/') || SHELL.includes(url.pathname);

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin) return;
  if (req.mode === 'navigate') event.respondWith(networkFirst(req, '/'));
  else if (immutable(url)) event.respondWith(cacheFirst(req));
  else if (refreshable(url)) event.respondWith(networkFirst(req));
});

/** The page lists what it loaded before this worker served it, so the first visit's chunks are kept too. */
sw.addEventListener('message', (event) => {
  const data = event.data as { type?: string; urls?: unknown } | null;
  if (data?.type !== 'cache' || !Array.isArray(data.urls)) return;
  const wanted = data.urls.filter((u): u is string => typeof u === 'string')
    .map((u) => new URL(u, sw.location.origin))
    .filter((u) => u.origin === sw.location.origin && (immutable(u) || refreshable(u)));
  event.waitUntil(Promise.all(wanted.map((u) => cacheFirst(new Request(u.href)).catch(() => undefined))));
});

// ignoreVary: servers answer `Vary: Origin`, and a module script's request carries an Origin header
// that the precaching request did not, which would make every precached script a miss offline.
async function cacheFirst(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && res.type === 'basic') await cache.put(req, res.clone());
  return res;
}

async function networkFirst(req: Request, fallback?: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') await cache.put(fallback ?? req, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(fallback ?? req, { ignoreVary: true });
    if (hit) return hit;
    throw err;
  }
}
