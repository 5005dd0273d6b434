/**
 * JS heap of a page and of every worker it starts, sampled over DevTools protocol sessions while
 * something runs. Workers are separate V8 isolates that Playwright gives no CDP session for, so
 * the page's session auto-attaches to them (non-flat mode) and talks to each through
 * Target.sendMessageToTarget.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';

/** `Runtime.getHeapUsage`: V8 heap in use, and ArrayBuffer backing stores (outside that heap) */
interface HeapUsage { usedSize: number; backingStorageSize?: number }

export interface HeapPeak {
  /** max over samples of the sum over page + workers of V8 heap in use */
  jsHeap: number;
  /** the same with ArrayBuffer backing stores (file chunks, wasm memory buffers) added */
  withBuffers: number;
  samples: number;
  /** isolates seen: the page and each worker, by name */
  isolates: string[];
  /** peak resident memory of Chromium's renderer processes (wasm memory, Blob reads, code: all of it) */
  rendererRss: number;
}

/** Chromium's renderer processes (the page and its workers live in one of them). */
async function rendererPids(browser: Browser): Promise<number[]> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  } finally {
    await cdp.detach();
  }
}

/** Resident bytes of these processes, summed (Linux /proc; 0 elsewhere). */
function rssOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch { /* the process ended */ }
  }
  return total;
}

export async function rendererRss(browser: Browser): Promise<number> {
  return rssOf(await rendererPids(browser));
}

export class HeapSampler {
  private readonly workers = new Map<string, string>();
  private readonly replies = new Map<number, (u: HeapUsage | undefined) => void>();
  private nextId = 0;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker') this.workers.set(e.sessionId, e.targetInfo.title || e.targetInfo.url); });
    cdp.on('Target.detachedFromTarget', (e) => {
      if (e.sessionId) this.workers.delete(e.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
      if (m.id === undefined) return;
      this.replies.get(m.id)?.(m.result);
      this.replies.delete(m.id);
    });
  }

  static async attach(context: BrowserContext, page: Page): Promise<HeapSampler> {
    const cdp = await context.newCDPSession(page);
    const sampler = new HeapSampler(cdp);
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return sampler;
  }

  private workerHeap(sessionId: string): Promise<HeapUsage | undefined> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      // a worker that ends between the request and the reply never answers
      setTimeout(() => { if (this.replies.delete(id)) resolve(undefined); }, 1000);
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) })
        .catch(() => { if (this.replies.delete(id)) resolve(undefined); });
    });
  }

  /** One sample: page + all live workers, summed. */
  async sample(): Promise<{ jsHeap: number; withBuffers: number }> {
    const page = (await this.cdp.send('Runtime.getHeapUsage')) as HeapUsage;
    const workers = await Promise.all([...this.workers.keys()].map((s) => this.workerHeap(s)));
    let jsHeap = page.usedSize, withBuffers = page.usedSize + (page.backingStorageSize ?? 0);
    for (const w of workers) {
      if (!w) continue;
      jsHeap += w.usedSize;
      withBuffers += w.usedSize + (w.backingStorageSize ?? 0);
    }
    return { jsHeap, withBuffers };
  }

  /** Samples every `everyMs` while `work` runs and returns its result with the peak. */
  async during<T>(work: () => Promise<T>, browser?: Browser, everyMs = 10): Promise<{ result: T; peak: HeapPeak }> {
    const peak: HeapPeak = { jsHeap: 0, withBuffers: 0, samples: 0, isolates: [], rendererRss: 0 };
    const seen = new Set<string>(['page']);
    let done = false;
    const pids = browser ? await rendererPids(browser) : [];
    const loop = (async () => {
      while (!done) {
        const s = await this.sample().catch(() => undefined);
        peak.rendererRss = Math.max(peak.rendererRss, rssOf(pids));
        if (s) {
          peak.jsHeap = Math.max(peak.jsHeap, s.jsHeap);
          peak.withBuffers = Math.max(peak.withBuffers, s.withBuffers);
          peak.samples++;
        }
        for (const name of this.workers.values()) seen.add(name);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
    try {
      const result = await work();
      return { result, peak };
    } finally {
      done = true;
      await loop;
      peak.isolates = [...seen];
    }
  }

  /** Asks V8 to collect garbage in the page and its workers, so each open starts from a clean heap. */
  async collectGarbage(): Promise<void> {
    await this.cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
    for (const s of this.workers.keys()) {
      await this.cdp.send('Target.sendMessageToTarget', { sessionId: s, message: JSON.stringify({ id: ++this.nextId, method: 'HeapProfiler.collectGarbage' }) }).catch(() => undefined);
    }
  }
}
