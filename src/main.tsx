import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles/app.css';
import { BENCH, installBenchHook } from './app/lib/bench';
import { registerOfflineCache } from './app/lib/offline';
import { refillSpare } from './app/store/modelWorkerPool';

installBenchHook();
// Production only; benchmarks time the app without a cache filling up beside it.
if (import.meta.env.PROD && !BENCH) registerOfflineCache();

// The first open then finds a model worker started (after the first screen, when the page is idle).
window.addEventListener('load', refillSpare, { once: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
