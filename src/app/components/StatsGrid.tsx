import type { TensorStats } from '../../core/model/types';
import type { Pending } from '../store/types';
import { STAT_DIGITS, formatInt, formatNumber, formatPercent } from '../lib/format';

/** Statistics computed in the worker; "computing…" until they arrive. */
export function StatsGrid({ stats, numel }: { stats?: Pending<TensorStats>; numel: number }) {
  if (!stats || stats.state === 'loading') {
    return <div className="stats is-loading" data-testid="stats-computing" role="status"><span className="spinner sm" aria-hidden="true" /> computing statistics…</div>;
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
