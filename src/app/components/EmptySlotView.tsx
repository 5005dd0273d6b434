import { useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import { exampleUrl } from '../lib/examples';
import { useExamples } from './useExamples';

/** An empty slot: the drop zone, a file picker and one-click example models. */
export function EmptySlotView({ slot, notice, onPick }: { slot: SlotId; notice?: string; onPick: () => void }) {
  const examples = useExamples();
  const openExample = useSlots((s) => s.openExample);
  return (
    <div className="empty">
      {notice && <p className="empty-notice" role="alert" data-testid="empty-notice">{notice}</p>}
      <div className="dropzone" data-testid="dropzone">
        <svg className="dropzone-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
        </svg>
        <p className="dropzone-title">Drop a model file here</p>
        <p className="dropzone-hint">PyTorch <code>.pt</code> <code>.pth</code> · Keras <code>.h5</code> <code>.keras</code> — read locally, never uploaded</p>
        <button type="button" className="btn btn-primary" data-testid="pick-file" onClick={onPick}>Choose a file…</button>
      </div>
      <div className="examples" data-testid="examples">
        <h3 className="section-title">Or try an example</h3>
        {examples === null && <p className="muted">Looking for examples…</p>}
        {examples?.length === 0 && <p className="muted" data-testid="no-examples">No example models are bundled with this build.</p>}
        {examples && examples.length > 0 && (
          <ul className="example-list">
            {examples.map((e) => (
              <li key={e.file}>
                <button type="button" className="example" data-testid="example" data-file={e.file}
                  onClick={() => openExample(slot, e, exampleUrl(e))}>
                  <span className="example-label">{e.label}</span>
                  <span className="example-file mono">{e.file}</span>
                  {e.description && <span className="example-desc">{e.description}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
