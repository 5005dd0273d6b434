import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles/app.css';
import { BENCH, installBenchHook } from './app/lib/bench';
import { registerOfflineCache } from './app/lib/offline';
import { startSpare } from './app/store/modelWorkerPool';

installBenchHook();
// Production only; benchmarks time the app without a cache filling up beside it.
if (import.meta.env.PROD && !BENCH) registerOfflineCache();

// The first open then finds its model worker started: a drop is preceded by a drag over the page,
// a click on an example by its pointerdown.
for (const type of ['dragenter', 'pointerdown', 'keydown']) {
  window.addEventListener(type, startSpare, { once: true, capture: true, passive: true });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
