/**
 * Registers the offline cache (src/sw.ts, built to /sw.js) in production builds. The cache only
 * serves a page from its next load on, so this page also hands it the files it has loaded so far
 * and those it loads later — a first visit's plotly or tfjs chunks work offline on the second.
 */
export function registerOfflineCache(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.warn('offline cache not installed:', err));
    void navigator.serviceWorker.ready.then((reg) => {
      const keep = (entries: PerformanceEntryList): void => {
        const urls = entries.map((e) => e.name).filter((u) => u.startsWith(`${location.origin}/assets/`) || u.startsWith(`${location.origin}/examples/`));
        if (urls.length) reg.active?.postMessage({ type: 'cache', urls });
      };
      keep(performance.getEntriesByType('resource'));
      new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: 'resource' });
    });
  }, { once: true });
}
