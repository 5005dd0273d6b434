import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles/app.css';
import { BENCH, installBenchHook } from './app/lib/bench';
import { registerOfflineCache } from './app/lib/offline';

installBenchHook();
// Production only; benchmarks time the app without a cache filling up beside it.
if (import.meta.env.PROD && !BENCH) registerOfflineCache();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
