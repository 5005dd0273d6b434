import { useState, type ChangeEvent } from 'react';
import { COLORMAPS, COLORMAP_IDS, type ColormapId, type DomainMode } from '../../viz/colormaps';
import { useViewPrefs } from '../../store/viewPrefs';
import { formatNumber } from '../../lib/format';

interface Props {
  /** the domain in use, to prefill the manual inputs */
  domain: [number, number] | null;
  manual?: [number, number];
  onManual(d: [number, number] | undefined): void;
}

/** Colour map, and a colour domain that is automatic, clipped to percentiles, or typed by hand. */
export function ColorControls({ domain, manual, onManual }: Props) {
  const { cmap, domain: mode, clipPercent, set } = useViewPrefs();
  const onMode = (e: ChangeEvent<HTMLSelectElement>): void => {
    const m = e.target.value as DomainMode;
    set({ domain: m });
    if (m === 'manual' && !manual && domain) onManual(domain);
  };
  return (
    <>
      <label className="ctl">
        <span className="ctl-label">Colours</span>
        <select className="select-sm" data-testid="colormap" value={cmap} onChange={(e) => set({ cmap: e.target.value as ColormapId })}>
          <optgroup label="diverging (centred on 0)">
            {COLORMAP_IDS.filter((id) => COLORMAPS[id].diverging).map((id) => <option key={id} value={id}>{COLORMAPS[id].label}</option>)}
          </optgroup>
          <optgroup label="sequential">
            {COLORMAP_IDS.filter((id) => !COLORMAPS[id].diverging).map((id) => <option key={id} value={id}>{COLORMAPS[id].label}</option>)}
          </optgroup>
        </select>
      </label>
      <label className="ctl">
        <span className="ctl-label">Domain</span>
        <select className="select-sm" data-testid="domain-mode" value={mode} onChange={onMode}>
          <option value="auto">{COLORMAPS[cmap].diverging ? '± max |w|' : 'min … max'}</option>
          <option value="clip">percentiles</option>
          <option value="manual">manual</option>
        </select>
      </label>
      {mode === 'clip' && (
        <label className="ctl" title="percent of the values cut off at each end">
          <NumberInput testId="clip-percent" value={clipPercent} min={0.01} max={49} step={0.5} onCommit={(v) => set({ clipPercent: v })} />
          <span className="ctl-label">% … {formatNumber(100 - clipPercent, 4)} %</span>
        </label>
      )}
      {mode === 'manual' && (
        <span className="ctl">
          <NumberInput testId="domain-min" value={manual?.[0] ?? domain?.[0] ?? -1} onCommit={(v) => onManual([v, manual?.[1] ?? domain?.[1] ?? 1])} />
          <span className="ctl-label">to</span>
          <NumberInput testId="domain-max" value={manual?.[1] ?? domain?.[1] ?? 1} onCommit={(v) => onManual([manual?.[0] ?? domain?.[0] ?? -1, v])} />
        </span>
      )}
    </>
  );
}

/** A number field that applies its value on Enter or blur, so typing "-0." never redraws a half number. */
function NumberInput({ value, onCommit, testId, min, max, step }: { value: number; onCommit(v: number): void; testId: string; min?: number; max?: number; step?: number }) {
  const [text, setText] = useState<string | null>(null);
  const commit = (): void => {
    if (text === null) return;
    const v = Number(text);
    setText(null);
    if (Number.isFinite(v)) onCommit(min !== undefined || max !== undefined ? Math.min(max ?? v, Math.max(min ?? v, v)) : v);
  };
  return (
    <input className="num-input mono" type="number" data-testid={testId} value={text ?? String(Number(value.toPrecision(6)))} step={step ?? 'any'}
      min={min} max={max} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />
  );
}
