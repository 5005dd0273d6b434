import { useState } from 'react';

const SHOWN = 3;

/** What the reader wants the user to know: the first few always visible, the rest on demand. */
export function Warnings({ warnings }: { warnings: string[] }) {
  const [all, setAll] = useState(false);
  if (warnings.length === 0) return null;
  const shown = all ? warnings : warnings.slice(0, SHOWN);
  return (
    <div className="warnings" data-testid="summary-warnings" role="note">
      <p className="warnings-title">
        {warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`}
        {warnings.length > SHOWN && (
          <button type="button" className="link" data-testid="warnings-toggle" onClick={() => setAll(!all)}>
            {all ? 'show fewer' : `show all ${warnings.length}`}
          </button>
        )}
      </p>
      <ul>{shown.map((w, i) => <li key={i} data-testid="warning">{w}</li>)}</ul>
    </div>
  );
}
