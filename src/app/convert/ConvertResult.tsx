import { downloadBlob } from '../lib/download';
import type { SlotId } from '../store/types';
import type { MappingSummary, PlainVerdict } from './convertApi';
import { useConvert, type Done } from './convertStore';

const fmt = (x: number | undefined): string => (x === undefined ? '–' : x === 0 ? '0' : x.toExponential(2));

function bytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

const METHOD: Record<PlainVerdict['method'], string> = {
  outputs: 'both models ran on one random sample',
  tensors: 'weights compared (the models could not both run)',
  none: 'nothing could be checked',
};

function Verdict({ v }: { v: PlainVerdict }) {
  const label = v.ok ? (v.method === 'outputs' ? 'Verified' : 'Weights verified') : v.method === 'none' ? 'Not verified' : 'Check failed';
  return (
    <div className="convert-verdict" data-testid="convert-verdict" data-ok={String(v.ok)} data-method={v.method}
      data-max-abs={v.maxAbs ?? ''} data-tolerance={v.tolerance}>
      <span className={`run-verdict ${v.ok ? 'is-match' : v.method === 'none' ? 'is-incomparable' : 'is-differ'}`}>{label}</span>
      <span>max |Δ| <b className="mono" data-testid="convert-max-abs">{fmt(v.maxAbs)}</b> (tolerance {fmt(v.tolerance)})</span>
      <span className="muted">{METHOD[v.method]}{v.backend ? ` · ${v.backend}` : ''}{v.sampleShape ? ` · input [${v.sampleShape.join(', ')}]` : ''}
        {v.argmax ? ` · argmax ${v.argmax.agree}/${v.argmax.rows} agree` : ''}{v.compared !== undefined ? ` · ${v.exact}/${v.compared} tensors bit-exact` : ''}</span>
      {v.reason && <span className="muted" data-testid="convert-reason">{v.ok ? 'Models not run: ' : ''}{v.reason}</span>}
    </div>
  );
}

export function MappingLine({ m }: { m: MappingSummary }) {
  return (
    <p className="run-line muted convert-mapping" data-testid="convert-mapping" data-status={m.status}>
      {m.origin === 'yours' ? 'Your mapping (Map layers)' : 'The automatic mapping'}: {m.pairs} layer pairs{m.incompatible ? `, ${m.incompatible} incompatible` : ''} — {m.status}
    </p>
  );
}

/** The converted file: the check's verdict next to the download, which asks first when the check failed. */
export function ConvertResult({ slot, r }: { slot: SlotId; r: Done }) {
  const confirming = useConvert((s) => s.cards[slot].confirming);
  const setConfirming = useConvert((s) => s.setConfirming);
  const v = r.verdict;
  const save = (): void => { setConfirming(slot, false); downloadBlob(r.output, r.fileName); };
  return (
    <div className="run-result" data-testid="convert-result">
      <Verdict v={v} />
      <div className="convert-download-row">
        {v.ok ? (
          <button type="button" className="btn btn-primary" data-testid="convert-download" data-file-name={r.fileName} onClick={save}>
            Download {r.fileName}
          </button>
        ) : (
          <button type="button" className="btn" data-testid="convert-download" data-file-name={r.fileName} onClick={() => setConfirming(slot, true)}>
            Download {r.fileName} anyway…
          </button>
        )}
        <span className="muted">{bytes(r.bytes)} · {r.written} tensors converted · written in {Math.round(r.convertMs)} ms, checked in {Math.round(r.checkMs)} ms</span>
      </div>
      {confirming && (
        <div className="convert-confirm" role="alertdialog" aria-label="Download a file that failed its check" data-testid="convert-confirm">
          <p>The check of <b>{r.fileName}</b> failed: {v.summary}. The file may not compute what the source does.</p>
          <button type="button" className="btn btn-danger" data-testid="convert-download-anyway" onClick={save}>Download anyway</button>
          <button type="button" className="btn" data-testid="convert-confirm-cancel" onClick={() => setConfirming(slot, false)}>Don’t download</button>
        </div>
      )}
      {r.mapping && <MappingLine m={r.mapping} />}
      {r.warnings.length > 0 && (
        <ul className="convert-warnings" data-testid="convert-warnings">{r.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
      )}
    </div>
  );
}
