/**
 * Run mode: run each slot's model with tfjs on one input and compare the two. Everything heavy
 * (parsing, tfjs, wasm) happens in the run worker; this view only shows settings and results.
 */
import { useEffect } from 'react';
import type { BackendName } from '../../core/runtime/types';
import { useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import { useRun } from './runStore';
import { CompareResult, RunResult } from './RunResults';
import { RunBusy } from './RunBusy';
import '../styles/run.css';

const BACKENDS: { id: BackendName; label: string }[] = [
  { id: 'webgl', label: 'WebGL' }, { id: 'wasm', label: 'WASM' }, { id: 'cpu', label: 'CPU' },
];

function Settings() {
  const { backend, seed, distribution, tolerance, input, inputError, set, setInputFile } = useRun();
  return (
    <div className="run-toolbar">
      <div className="mode-switch" role="radiogroup" aria-label="Backend">
        {BACKENDS.map((b) => (
          <button key={b.id} type="button" role="radio" aria-checked={backend === b.id} data-testid={`run-backend-${b.id}`}
            className={`mode-tab${backend === b.id ? ' is-active' : ''}`} onClick={() => set({ backend: b.id })}>{b.label}</button>
        ))}
      </div>
      <label className="run-field">seed
        <input type="number" className="run-num" data-testid="run-seed" value={seed} disabled={!!input}
          onChange={(e) => set({ seed: Number(e.target.value) || 0 })} />
      </label>
      <label className="run-field">values
        <select className="select-sm" data-testid="run-distribution" value={distribution} disabled={!!input}
          onChange={(e) => set({ distribution: e.target.value === 'normal' ? 'normal' : 'uniform' })}>
          <option value="uniform">uniform [0, 1)</option>
          <option value="normal">normal (0, 1)</option>
        </select>
      </label>
      <label className="run-field">input: ref.json / .npy / image
        <input type="file" accept=".json,.npy,.png,.jpg,.jpeg,.webp,.gif,.bmp" data-testid="run-input-file" onChange={(e) => setInputFile(e.target.files?.[0] ?? null)} />
      </label>
      {input && (
        <span className="run-field" data-testid="run-input-name">
          using <b>{input.name}</b>
          <button type="button" className="btn btn-sm" onClick={() => setInputFile(null)}>use random</button>
        </span>
      )}
      {inputError && <span className="run-error" role="alert">{inputError}</span>}
      <label className="run-field">tolerance
        <input type="number" step="any" min="0" className="run-num" data-testid="run-tolerance" defaultValue={tolerance}
          onChange={(e) => { const v = Number(e.target.value); if (Number.isFinite(v) && v >= 0) set({ tolerance: v }); }} />
      </label>
    </div>
  );
}

function ModelCard({ slot }: { slot: SlotId }) {
  const label = slot === 'left' ? 'A' : 'B';
  const s = useSlots((st) => st.slots[slot]);
  const key = s.status === 'loaded' ? `${slot}:${s.openId}` : null;
  const prepared = useRun((st) => st.prepared[slot]);
  const runs = useRun((st) => st.runs[slot]);
  const prepare = useRun((st) => st.prepare);
  const run = useRun((st) => st.run);
  const cancel = useRun((st) => st.cancel);
  useEffect(() => { prepare(slot); }, [prepare, slot, key]);

  const p = prepared.key === key ? prepared.job : { state: 'idle' as const };
  const r = runs.key === key ? runs.job : { state: 'idle' as const };
  const runnable = p.state === 'done' && p.value.ok;
  return (
    <section className="run-card" data-testid={`run-card-${slot}`} data-state={p.state === 'done' ? (p.value.ok ? 'ready' : 'unrunnable') : p.state}>
      <header className="run-card-head">
        <b>{label}</b>
        <span className="run-file">{s.status === 'loaded' ? s.doc.fileName : 'no model open'}</span>
        <button type="button" className="btn btn-primary" data-testid={`run-btn-${slot}`} disabled={!runnable || r.state === 'busy'}
          onClick={() => run(slot)}>{r.state === 'busy' ? 'Running…' : `Run ${label}`}</button>
      </header>
      {s.status !== 'loaded' && <p className="muted">Open a model in slot {label} (Inspect view) to run it.</p>}
      {p.state === 'busy' && <p className="muted">Preparing the model…</p>}
      {p.state === 'error' && <p className="run-error" data-testid="run-reason">{p.message}</p>}
      {p.state === 'done' && !p.value.ok && <p className="run-error" data-testid="run-reason">{p.value.reason}</p>}
      {p.state === 'done' && p.value.ok && (
        <div className="run-line muted" data-testid="run-input-shape" data-shape={JSON.stringify(p.value.input.shape)}>
          {p.value.framework} · {p.value.layers} layers · input <span className="mono">[{p.value.input.shape.join(', ')}]</span> {p.value.input.layout}
          {p.value.input.note ? ` — ${p.value.input.note}` : ''}
        </div>
      )}
      {r.state === 'busy' && <RunBusy what={r.what} since={r.since} testId={`run-busy-${slot}`} onCancel={cancel} />}
      {r.state === 'cancelled' && <p className="muted" data-testid="run-cancelled">Run cancelled.</p>}
      {r.state === 'error' && <p className="run-error" data-testid="run-error">{r.message}</p>}
      {r.state === 'done' && <RunResult r={r.value} />}
    </section>
  );
}

function ComparePanel() {
  const keyNow = useSlots((st) => (st.slots.left.status === 'loaded' && st.slots.right.status === 'loaded' ? `left:${st.slots.left.openId}|right:${st.slots.right.openId}` : null));
  const ready = useRun((st) => st.prepared.left.job.state === 'done' && st.prepared.left.job.value.ok && st.prepared.right.job.state === 'done' && st.prepared.right.job.value.ok);
  const comparison = useRun((st) => st.comparison);
  const tolerance = useRun((st) => st.tolerance);
  const compare = useRun((st) => st.compare);
  const cancel = useRun((st) => st.cancel);
  const job = comparison.key === keyNow ? comparison.job : { state: 'idle' as const };
  return (
    <section className="run-card run-compare" data-testid="run-compare">
      <header className="run-card-head">
        <b>A ↔ B</b>
        <span className="run-file muted">{keyNow ? 'same input into both, each in its own layout' : 'open a model in both slots to compare'}</span>
        <button type="button" className="btn btn-primary" data-testid="run-compare-btn" disabled={!keyNow || !ready || job.state === 'busy'}
          onClick={compare}>{job.state === 'busy' ? 'Comparing…' : 'Compare A ↔ B'}</button>
      </header>
      {job.state === 'busy' && <RunBusy what={job.what} since={job.since} testId="compare-busy" onCancel={cancel} />}
      {job.state === 'cancelled' && <p className="muted" data-testid="compare-cancelled">Comparison cancelled.</p>}
      {job.state === 'error' && <p className="run-error" data-testid="compare-error">{job.message}</p>}
      {job.state === 'done' && <CompareResult c={job.value} tolerance={tolerance} />}
    </section>
  );
}

export function RunView() {
  return (
    <div className="run-view" data-testid="run-view">
      <Settings />
      <div className="run-cards">
        <ModelCard slot="left" />
        <ModelCard slot="right" />
      </div>
      <ComparePanel />
    </div>
  );
}
