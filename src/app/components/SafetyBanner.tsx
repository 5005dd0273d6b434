import type { GlobalCategory, GlobalUse, SafetyReport } from '../../core/model/types';

/** Riskiest first: what would run code, then what a loader would import, then plain data. */
const ORDER: Record<GlobalCategory, number> = {
  dangerous: 0, unknown: 1, 'user-class': 2, 'torch-module': 3, torch: 4, 'tensor-rebuild': 5, numpy: 6, 'builtin-container': 7,
};
/** Categories that are only data to a Python loader (it rebuilds them, it runs nothing of the file's own). */
const DATA: ReadonlySet<GlobalCategory> = new Set(['tensor-rebuild', 'torch-module', 'torch', 'numpy', 'builtin-container']);

function sorted(globals: GlobalUse[]): GlobalUse[] {
  return [...globals].sort((a, b) => ORDER[a.category] - ORDER[b.category] || a.name.localeCompare(b.name));
}

/** Every global a pickle names, with what a Python loader would do with it. */
export function GlobalsList({ globals }: { globals: GlobalUse[] }) {
  return (
    <ul className="globals" data-testid="safety-globals">
      {sorted(globals).map((g) => (
        <li key={g.name} className={`global cat-${g.category}`} data-testid="safety-global" data-name={g.name} data-category={g.category}>
          <span className="global-name mono" title={g.name}>{g.name}</span>
          <span className="global-cat">{g.category}</span>
          <span className="global-why muted" title={g.why}>{g.why}</span>
        </li>
      ))}
    </ul>
  );
}

/** The red banner of a pickle that would run code in torch.load / pickle.load. */
export function SafetyBanner({ safety }: { safety: SafetyReport }) {
  return (
    <section className="safety-banner" role="alert" data-testid="safety-banner" data-dangerous={safety.dangerous.join(' ')}>
      <svg className="notice-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6l8-3z" /><path d="M12 8v5m0 3v.3" />
      </svg>
      <div className="notice-body">
        <p className="notice-title">Unsafe to load in Python</p>
        <p className="safety-text" data-testid="safety-text">
          This file would run code if loaded with <code>torch.load</code> / <code>pickle.load</code>:{' '}
          {safety.dangerous.map((name, i) => (
            <span key={name}>{i > 0 && ', '}<code className="danger-name" data-testid="safety-dangerous">{name}</code></span>
          ))}. Weightbridge never runs it — the weights below were read as data.
        </p>
        <details className="notice-details">
          <summary data-testid="safety-toggle">All {safety.globals.length} globals the pickle names</summary>
          <GlobalsList globals={safety.globals} />
        </details>
      </div>
    </section>
  );
}

/** The quiet line of a pickle that names only harmless globals. */
export function SafetyLine({ safety }: { safety: SafetyReport }) {
  const notData = safety.globals.filter((g) => !DATA.has(g.category)).length;
  const verdict = notData === 0 ? 'all data' : `none dangerous; ${notData} from the saving code`;
  return (
    <details className="safety-quiet" data-testid="safety-quiet" data-count={safety.globals.length}>
      <summary data-testid="safety-toggle">
        <span className="safety-quiet-text">pickle globals: {safety.globals.length} ({verdict})</span>
      </summary>
      <GlobalsList globals={safety.globals} />
    </details>
  );
}
