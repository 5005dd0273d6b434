import { useRef, type ChangeEvent } from 'react';
import { useSlots } from '../store/slotsStore';
import type { ArchitectureOp, SlotId } from '../store/types';

interface Props {
  slot: SlotId;
  /** the document is a weights-only Keras file */
  absent: boolean;
  op?: ArchitectureOp;
}

/** The missing-architecture notice of a weights-only Keras file, and the state of a JSON being applied. */
export function ArchitectureNotice({ slot, absent, op }: Props) {
  const apply = useSlots((s) => s.applyArchitecture);
  const dismiss = useSlots((s) => s.dismissArchitectureError);
  const inputRef = useRef<HTMLInputElement>(null);
  if (!absent && !op) return null;
  const applying = op?.state === 'applying';
  const onInput = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) apply(slot, file);
  };
  return (
    <>
      {absent && (
        <section className="arch-notice" data-testid="architecture-notice">
          <svg className="notice-icon" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="4" y="4" width="16" height="16" rx="2" strokeDasharray="3 2.5" /><path d="M12 8.5v7M8.5 12h7" />
          </svg>
          <div className="notice-body">
            <p className="notice-title">Architecture absent — this file holds weights only.</p>
            <p className="notice-text">
              Drop the model&apos;s architecture JSON (<code>model.to_json()</code> / <code>config.json</code>) here to fill it in.
              Until then, layer kinds are guessed from weight names and shapes.
            </p>
            {applying && (
              <p className="arch-status" data-testid="architecture-status" role="status">
                <span className="spinner sm" aria-hidden="true" /> Applying {op.fileName}…
              </p>
            )}
          </div>
          <button type="button" className="btn btn-sm" data-testid="pick-architecture" disabled={applying}
            onClick={() => inputRef.current?.click()}>Choose JSON…</button>
          <input ref={inputRef} type="file" hidden accept=".json,application/json" data-testid="architecture-input" onChange={onInput} />
        </section>
      )}
      {!absent && applying && (
        <p className="arch-status arch-status-alone" data-testid="architecture-status" role="status">
          <span className="spinner sm" aria-hidden="true" /> Applying {op.fileName}…
        </p>
      )}
      {op?.state === 'error' && (
        <div className="arch-error" role="alert" data-testid="architecture-error">
          <div className="notice-body">
            <p className="notice-title">The architecture JSON was not applied — the model below is unchanged</p>
            <p className="arch-error-message mono" data-testid="architecture-error-message">{op.message}</p>
          </div>
          <button type="button" className="btn btn-ghost btn-sm" data-testid="architecture-error-dismiss" onClick={() => dismiss(slot)}>Dismiss</button>
        </div>
      )}
    </>
  );
}
