import type { TensorStats } from '../../core/model/types';
import type { Pending } from '../store/types';
import { STATS_CANCELLED } from '../store/slotsStore';
import { STAT_DIGITS, formatInt, formatNumber, formatPercent } from '../lib/format';

interface Props {
  stats?: Pending<TensorStats>;
  numel: number;
  /** fraction done of a big tensor's statistics (which run in slices); undefined for small ones */
  progress?: number;
  onCancel(): void;
  onRestart(): void;
}

/** Statistics computed in the worker: "computing…" (with progress and Cancel for big tensors) until they arrive. */
export function StatsGrid({ stats, numel, progress, onCancel, onRestart }: Props) {
  if (!stats || stats.state === 'loading') {
    if (progress === undefined) {
      return <div className="stats is-loading" data-testid="stats-computing" role="status"><span className="spinner sm" aria-hidden="true" /> computing statistics…</div>;
    }
    const pct = Math.round(Math.min(1, Math.max(0, progress)) * 100);
    return (
      <div className="stats is-loading stats-running" data-testid="stats-computing" role="status">
        <span className="spinner sm" aria-hidden="true" />
        <span>computing statistics…</span>
        <div className="progress" role="progressbar" aria-label="statistics" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="stats-progress" data-value={String(progress)}>
          <div className="progress-bar" style={{ width: `${pct}%` }} />
        </div>
        <span className="mono stats-pct">{pct}%</span>
        <button type="button" className="btn btn-sm" data-testid="stats-cancel" onClick={onCancel}>Cancel</button>
      </div>
    );
  }
  if (stats.state === 'error' && stats.message === STATS_CANCELLED) {
    return (
      <div className="stats is-loading stats-running" data-testid="stats-cancelled" role="status">
        <span>Statistics cancelled.</span>
        <button type="button" className="btn btn-sm" data-testid="stats-restart" onClick={onRestart}>Compute again</button>
      </div>
    );
  }
  if (stats.state === 'error') {
    return <div className="stats stats-error" data-testid="stats-error" role="alert">Statistics unavailable: {stats.message}</div>;
  }
  const s = stats.value;
  const cells: [string, string, string, number][] = [
    ['min', 'min', formatNumber(s.min, STAT_DIGITS), s.min],
    ['max', 'max', formatNumber(s.max, STAT_DIGITS), s.max],
    ['mean', 'mean', formatNumber(s.mean, STAT_DIGITS), s.mean],
    ['std', 'std', formatNumber(s.std, STAT_DIGITS), s.std],
    ['zeros', 'zeros', formatPercent(s.zeros, s.numel || numel), s.zeros],
    ['nans', 'NaN', formatInt(s.nans), s.nans],
    ['infs', 'Inf', formatInt(s.infs), s.infs],
  ];
  return (
    <dl className="stats" data-testid="stats">
      {cells.map(([id, label, text, raw]) => (
        <div key={id} className={`stat${(id === 'nans' || id === 'infs') && raw > 0 ? ' is-bad' : ''}`}>
          <dt>{label}</dt>
          <dd className="mono" data-testid={`stat-${id}`} data-value={String(raw)} title={id === 'zeros' ? `${formatInt(raw)} of ${formatInt(s.numel)}` : String(raw)}>{text}</dd>
        </div>
      ))}
    </dl>
  );
}
