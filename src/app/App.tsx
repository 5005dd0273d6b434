import { useEffect } from 'react';
import { Header } from './components/Header';
import { SlotPanel } from './components/SlotPanel';
import { SLOT_IDS } from './store/types';

export function App() {
  // A file dropped outside a slot must not make the browser navigate away from the app.
  useEffect(() => {
    const stop = (e: DragEvent): void => { if (e.dataTransfer?.types.includes('Files')) e.preventDefault(); };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => { window.removeEventListener('dragover', stop); window.removeEventListener('drop', stop); };
  }, []);

  return (
    <div className="app">
      <Header />
      <main className="slots">
        {SLOT_IDS.map((id) => <SlotPanel key={id} slot={id} />)}
      </main>
    </div>
  );
}
