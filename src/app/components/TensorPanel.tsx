import { lazy, Suspense } from 'react';
import type { TensorInfo, TensorStats } from '../../core/model/types';
import type { Pending } from '../store/types';
import type { TensorPreview } from '../../workers/client';
import { SLICED_STATS_BYTES } from '../../workers/api';
import { formatBytes, formatInt, formatNumber, formatShape } from '../lib/format';
import { StatsGrid } from './StatsGrid';
import { Fact } from './Fact';
import { PreviewValues } from './PreviewValues';
import { tabsFor } from '../viz/viewModes';
import type { SlotId } from '../store/types';
import { useSlots } from '../store/slotsStore';
import { progressKey, useStatsProgress } from '../store/statsProgress';

// The view code (and, on first draw, plotly) loads when a tensor is first shown, not with the first screen.
const TensorView = lazy(() => import('./view/TensorView').then((m) => ({ default: m.TensorView })));

interface Props {
  slot: SlotId;
  fileName: string;
  info: TensorInfo;
  stats?: Pending<TensorStats>;
  preview?: Pending<TensorPreview>;
}

/** Everything about one tensor: its plots first (what a user selects it for), then shape, dtype, layout, storage, statistics and its first values. */
export function TensorPanel({ slot, fileName, info, stats, preview }: Props) {
  const q = info.quant;
  const openId = useSlots((s) => (s.slots[slot].status === 'loaded' ? s.slots[slot].openId : -1));
  const reported = useStatsProgress((p) => p.fractions[progressKey(slot, openId, info.name)]);
  // A big tensor's run can be cancelled from its start, before its first slice reports.
  const progress = reported ?? (info.byteLength > SLICED_STATS_BYTES ? 0 : undefined);
  const cancelStats = useSlots((s) => s.cancelStats);
  const select = useSlots((s) => s.select);
  return (
    <div className="tensor-panel" data-testid="tensor-panel">
      <h3 className="details-title">
        <span className="tensor-dot" aria-hidden="true" />
        <span className="mono" data-testid="tensor-name">{info.name}</span>
        <span className="tag" data-testid="tensor-group" title="what the tensor belongs to">{info.group}</span>
        <span className="details-sub muted mono">{formatShape(info.shape)} {info.dtype}</span>
      </h3>
      {tabsFor(info).length > 0 && (
        <Suspense fallback={<div className="tensor-view view-loading muted" data-testid="view-loading"><span className="spinner sm" aria-hidden="true" /> loading the view…</div>}>
          <TensorView slot={slot} info={info} fileName={fileName} />
        </Suspense>
      )}
      <dl className="grid-facts">
        <Fact label="Shape"><span className="mono strong" data-testid="tensor-shape">{formatShape(info.shape)}</span></Fact>
        <Fact label="dtype"><span className="mono" data-testid="tensor-dtype">{info.dtype}</span></Fact>
        <Fact label="Layout"><span className="mono" data-testid="tensor-layout">{info.layout || '—'}</span></Fact>
        <Fact label="Elements"><span className="mono" data-testid="tensor-numel">{formatInt(info.numel)}</span></Fact>
        <Fact label="Bytes"><span className="mono" data-testid="tensor-bytes" title={`${formatInt(info.byteLength)} bytes`}>{formatBytes(info.byteLength)}</span></Fact>
        {info.storage && (
          <Fact label="Storage" wide>
            <span className="mono" data-testid="tensor-storage">
              key {info.storage.key} · offset {formatInt(info.storage.offset)}{info.storage.location ? ` · ${info.storage.location}` : ''}
            </span>
          </Fact>
        )}
        {info.tiedTo && <Fact label="Tied to" wide><span className="mono" data-testid="tensor-tied">{info.tiedTo}</span></Fact>}
        {q && (
          <Fact label="Quantized" wide>
            <span className="mono" data-testid="tensor-quant">
              {quantText(q)}
            </span>
          </Fact>
        )}
      </dl>
      <StatsGrid stats={stats} numel={info.numel} progress={progress}
        onCancel={() => cancelStats(slot, info.name)} onRestart={() => select(slot, { kind: 'tensor', name: info.name })} />
      {q && <p className="muted note">Statistics and values are the stored integers; real value = scale × (q − zero point).</p>}
      <PreviewValues preview={preview} />
    </div>
  );
}

function quantText(q: NonNullable<TensorInfo['quant']>): string {
  return [
    q.scheme,
    q.scale !== undefined && `scale ${formatNumber(q.scale)}`,
    q.zeroPoint !== undefined && `zero point ${q.zeroPoint}`,
    q.axis !== undefined && `axis ${q.axis}`,
    q.scales && `scales in ${q.scales}`,
    q.zeroPoints && `zero points in ${q.zeroPoints}`,
  ].filter(Boolean).join(' · ');
}
