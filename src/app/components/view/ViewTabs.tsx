import { TAB_LABELS, type Tab } from '../../viz/viewModes';

/** The kinds of plot this tensor has: heatmap, kernels, slice, values, histogram. */
export function ViewTabs({ tabs, mode, onChange }: { tabs: Tab[]; mode: Tab; onChange(t: Tab): void }) {
  return (
    <div className="seg" role="tablist" aria-label="View" data-testid="view-tabs">
      {tabs.map((t) => (
        <button key={t} type="button" role="tab" aria-selected={t === mode} className={`seg-btn${t === mode ? ' is-on' : ''}`}
          data-testid={`view-tab-${t}`} onClick={() => onChange(t)}>
          {TAB_LABELS[t]}
        </button>
      ))}
    </div>
  );
}
