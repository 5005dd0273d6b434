import { useSlots } from '../store/slotsStore';
import { useMapping, type MapMode } from './mappingStore';
import '../styles/mapping.css';

const MODES: { id: MapMode; label: string }[] = [
  { id: 'inspect', label: 'Inspect' },
  { id: 'map', label: 'Map layers' },
  { id: 'run', label: 'Run' },
  { id: 'convert', label: 'Convert' },
];

/** Inspect the two slots, or map the layers of the two models onto each other. */
export function ModeSwitch() {
  const mode = useMapping((s) => s.mode);
  const setMode = useMapping((s) => s.setMode);
  const ready = useSlots((s) => s.slots.left.status === 'loaded' && s.slots.right.status === 'loaded');
  return (
    <nav className="mode-switch" role="tablist" aria-label="View">
      {MODES.map((m) => (
        <button
          key={m.id}
          type="button"
          role="tab"
          aria-selected={mode === m.id}
          className={`mode-tab${mode === m.id ? ' is-active' : ''}`}
          data-testid={`mode-${m.id}`}
          onClick={() => setMode(m.id)}
          title={m.id === 'map' && !ready ? 'Open a model in each slot to map their layers' : undefined}
        >
          {m.label}
          {m.id === 'map' && ready && <span className="mode-dot" aria-label="both slots hold a model" />}
        </button>
      ))}
    </nav>
  );
}
