/**
 * Convert mode: write one slot's weights as a file of the other framework, either into the other
 * slot's file (its format and everything unmapped kept) or standalone; the result is checked by
 * running both models before the download is offered. The work happens in the convert worker.
 */
import type { ModelDocView } from '../../core/model/types';
import type { BackendName } from '../../core/runtime/types';
import { standaloneFormats, writableTarget } from '../../core/convert/plan';
import { useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import { ConvertResult, MappingLine } from './ConvertResult';
import { useConvert, type Choice } from './convertStore';
import '../styles/run.css';
import '../styles/convert.css';

const BACKENDS: { id: BackendName; label: string }[] = [{ id: 'webgl', label: 'WebGL' }, { id: 'wasm', label: 'WASM' }, { id: 'cpu', label: 'CPU' }];
const FORMAT_TEXT: Record<Exclude<Choice, 'into'>, string> = {
  pt: 'PyTorch state_dict (.pt), torch names and layouts; torch.load(weights_only=True) accepts it',
  h5: 'Keras 2 model (.h5) built from the module tree: config and weights, as model.save writes them',
  safetensors: '.safetensors (torch names and layouts)',
};

function Settings() {
  const { backend, tolerance, seed, set } = useConvert();
  return (
    <div className="run-toolbar">
      <span className="run-field">check on</span>
      <div className="mode-switch" role="radiogroup" aria-label="Backend for the check">
        {BACKENDS.map((b) => (
          <button key={b.id} type="button" role="radio" aria-checked={backend === b.id} data-testid={`convert-backend-${b.id}`}
            className={`mode-tab${backend === b.id ? ' is-active' : ''}`} onClick={() => set({ backend: b.id })}>{b.label}</button>
        ))}
      </div>
      <label className="run-field">seed
        <input type="number" className="run-num" data-testid="convert-seed" value={seed} onChange={(e) => set({ seed: Number(e.target.value) || 0 })} />
      </label>
      <label className="run-field">tolerance
        <input type="number" step="any" min="0" className="run-num" data-testid="convert-tolerance" defaultValue={tolerance}
          onChange={(e) => { const v = Number(e.target.value); if (Number.isFinite(v) && v >= 0) set({ tolerance: v }); }} />
      </label>
      <span className="muted">A conversion is checked by running the source and the converted file on one random sample before it can be downloaded.</span>
    </div>
  );
}

const frameworkName = (d: ModelDocView): string => (d.format.startsWith('keras') ? 'Keras' : 'PyTorch');

/** What a slot's model can be converted to, and why "into the other file" is not possible when it is not. */
function choicesFor(doc: ModelDocView, target: ModelDocView | null): { id: Choice; text: string; disabled?: string }[] {
  const into = !target ? 'open a model in the other slot to write into it'
    : !writableTarget(target) ? `${target.fileName} is a ${target.format} file, which cannot be written into`
      : undefined;
  return [
    { id: 'into', text: target ? `Into ${target.fileName} (${frameworkName(target)}): its format, structure and config kept, the mapped weights replaced` : 'Into the other slot’s file', ...(into ? { disabled: into } : {}) },
    ...standaloneFormats(doc).map((f) => ({ id: f as Choice, text: FORMAT_TEXT[f] })),
  ];
}

function ConvertCard({ slot }: { slot: SlotId }) {
  const otherSlot: SlotId = slot === 'left' ? 'right' : 'left';
  const s = useSlots((st) => st.slots[slot]);
  const o = useSlots((st) => st.slots[otherSlot]);
  const card = useConvert((st) => st.cards[slot]);
  const running = useConvert((st) => st.running);
  const { choose, convert, cancel } = useConvert.getState();
  const label = slot === 'left' ? 'A' : 'B';
  if (s.status !== 'loaded') {
    return (
      <section className="run-card" data-testid={`convert-card-${slot}`}>
        <header className="run-card-head"><b>From {label}</b><span className="run-file muted">no model open</span></header>
        <p className="muted">Open a model in slot {label} (Inspect view) to convert it.</p>
      </section>
    );
  }
  const doc = s.doc;
  const target = o.status === 'loaded' ? o.doc : null;
  const choices = choicesFor(doc, target);
  const choice = card.choice ?? choices.find((c) => !c.disabled)?.id ?? null;
  const job = card.job;
  const busy = job.state === 'busy';
  return (
    <section className="run-card" data-testid={`convert-card-${slot}`} data-state={job.state}>
      <header className="run-card-head">
        <b>From {label}</b>
        <span className="run-file">{doc.fileName} <span className="muted">({frameworkName(doc)})</span></span>
        <button type="button" className="btn btn-primary" data-testid={`convert-btn-${slot}`} disabled={!choice || !!running}
          onClick={() => { if (choice && choice !== card.choice) choose(slot, choice); convert(slot); }}>
          {busy ? 'Converting…' : 'Convert'}
        </button>
      </header>
      <fieldset className="convert-choices" disabled={!!running}>
        <legend className="muted">Write {label}’s weights as</legend>
        {choices.map((c) => (
          <label key={c.id} className={`convert-choice${c.disabled ? ' is-disabled' : ''}`} title={c.disabled}>
            <input type="radio" name={`convert-${slot}`} value={c.id} data-testid={`convert-choice-${slot}-${c.id}`}
              checked={choice === c.id} disabled={!!c.disabled} onChange={() => choose(slot, c.id)} />
            <span>{c.text}{c.disabled && <span className="muted"> — {c.disabled}</span>}</span>
          </label>
        ))}
      </fieldset>
      {busy && (
        <div className="convert-progress" role="status" aria-live="polite" data-testid="convert-progress">
          <div className="progress"><div className="progress-bar" style={{ width: `${Math.round((job.step.fraction ?? 0) * 100)}%` }} /></div>
          <span className="mono">{job.step.stage}{job.step.fraction !== undefined ? ` — ${Math.round(job.step.fraction * 100)}%` : '…'}</span>
          <button type="button" className="btn btn-sm" data-testid="convert-cancel" onClick={cancel}>Cancel</button>
        </div>
      )}
      {job.state === 'cancelled' && <p className="muted" data-testid="convert-cancelled">Cancelled; nothing was kept.</p>}
      {job.state === 'error' && <p className="run-error" role="alert" data-testid="convert-error">{doc.fileName}: {job.message}</p>}
      {job.state === 'blocked' && (
        <div className="convert-blocked" data-testid="convert-blocked">
          <MappingLine m={job.mapping} />
          <ul className="convert-warnings">{job.mapping.problems.slice(0, 8).map((p) => <li key={p}>{p}</li>)}</ul>
          <p>Fix the mapping in <b>Map layers</b>, or convert anyway: incompatible or unmapped layers keep the target’s own values, and the check will likely fail.</p>
          <button type="button" className="btn btn-danger" data-testid="convert-force" onClick={() => convert(slot, true)}>Convert anyway</button>
        </div>
      )}
      {job.state === 'done' && <ConvertResult slot={slot} r={job.reply} />}
    </section>
  );
}

export function ConvertView() {
  return (
    <div className="run-view" data-testid="convert-view">
      <Settings />
      <div className="run-cards">
        <ConvertCard slot="left" />
        <ConvertCard slot="right" />
      </div>
    </div>
  );
}
