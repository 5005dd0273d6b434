import { lazy, Suspense, useEffect } from 'react';
import { Header } from './components/Header';
import { SlotPanel } from './components/SlotPanel';
import { SLOT_IDS } from './store/types';
import { ModeSwitch } from './mapping/ModeSwitch';
import { useMapping } from './mapping/mappingStore';

// The mapping view loads when first shown: the slots are the first screen.
const MappingView = lazy(() => import('./mapping/MappingView').then((m) => ({ default: m.MappingView })));
// Run and Convert likewise; tfjs itself loads only inside their workers.
const RunView = lazy(() => import('./run/RunView').then((m) => ({ default: m.RunView })));
const ConvertView = lazy(() => import('./convert/ConvertView').then((m) => ({ default: m.ConvertView })));

export function App() {
  const mode = useMapping((s) => s.mode);
  // A file dropped outside a slot must not make the browser navigate away from the app.
  useEffect(() => {
    const stop = (e: DragEvent): void => { if (e.dataTransfer?.types.includes('Files')) e.preventDefault(); };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => { window.removeEventListener('dragover', stop); window.removeEventListener('drop', stop); };
  }, []);

  return (
    <div className="app">
      <Header><ModeSwitch /></Header>
      {/* Hidden, not unmounted, while mapping: the slots keep their trees and panels as they were. */}
      <main className="slots" hidden={mode !== 'inspect'}>
        {SLOT_IDS.map((id) => <SlotPanel key={id} slot={id} />)}
      </main>
      {mode === 'run' && <Suspense fallback={<div className="opening"><div className="spinner" /></div>}><RunView /></Suspense>}
      {mode === 'convert' && <Suspense fallback={<div className="opening"><div className="spinner" /></div>}><ConvertView /></Suspense>}
      {mode === 'map' && <Suspense fallback={<div className="opening"><div className="spinner" /></div>}><MappingView /></Suspense>}
    </div>
  );
}
