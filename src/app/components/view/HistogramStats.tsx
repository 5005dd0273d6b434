import type { TensorStats } from '../../../core/model/types';
import { STAT_DIGITS, formatInt, formatNumber, formatPercent } from '../../lib/format';

/** Beside the histogram: the numbers that summarise it, from the same pass over the values. */
export function HistogramStats({ stats }: { stats: TensorStats }) {
  const rows: [string, string, string, number][] = [
    ['min', 'min', formatNumber(stats.min, STAT_DIGITS), stats.min],
    ['max', 'max', formatNumber(stats.max, STAT_DIGITS), stats.max],
    ['mean', 'mean', formatNumber(stats.mean, STAT_DIGITS), stats.mean],
    ['std', 'std', formatNumber(stats.std, STAT_DIGITS), stats.std],
    ['zeros', 'zeros', `${formatInt(stats.zeros)} · ${formatPercent(stats.zeros, stats.numel)}`, stats.zeros],
    ['nans', 'NaN', formatInt(stats.nans), stats.nans],
    ['infs', 'Inf', formatInt(stats.infs), stats.infs],
  ];
  return (
    <dl className="hist-stats" data-testid="hist-stats">
      {rows.map(([id, label, text, raw]) => (
        <div key={id} className={`hist-stat${(id === 'nans' || id === 'infs') && raw > 0 ? ' is-bad' : ''}`}>
          <dt>{label}</dt>
          <dd className="mono" data-testid={`hist-stat-${id}`} data-value={String(raw)}>{text}</dd>
        </div>
      ))}
    </dl>
  );
}
