import type { TensorPreview } from '../../workers/client';
import type { Pending } from '../store/types';
import { formatInt, formatNumber } from '../lib/format';

/** The first values of a tensor, in row-major order. */
export function PreviewValues({ preview }: { preview?: Pending<TensorPreview> }) {
  if (!preview || preview.state === 'loading') return null;
  if (preview.state === 'error') return <p className="muted" data-testid="tensor-preview-error">Values unavailable: {preview.message}</p>;
  const p = preview.value;
  const values = p.complex
    ? Array.from({ length: p.values.length / 2 }, (_, i) => `${formatNumber(p.values[2 * i], 4)}${p.values[2 * i + 1] < 0 ? '−' : '+'}${formatNumber(Math.abs(p.values[2 * i + 1]), 4)}i`)
    : p.values.map((v) => formatNumber(v, 5));
  return (
    <div className="preview">
      <p className="section-title">
        First {formatInt(values.length)} of {formatInt(p.total)} values
      </p>
      <ol className="preview-values mono" data-testid="tensor-preview" data-count={values.length}>
        {values.map((v, i) => <li key={i} data-value={p.complex ? undefined : String(p.values[i])}>{v}</li>)}
        {p.total > values.length && <li className="muted">…</li>}
      </ol>
    </div>
  );
}
