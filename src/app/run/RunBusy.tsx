import { useEffect, useState } from 'react';

interface Props {
  /** what the run worker says it is doing */
  what?: string;
  /** Date.now() when the job started */
  since?: number;
  testId: string;
  onCancel(): void;
}

/**
 * A forward pass has no progress of its own to report (tfjs runs it as one call), so the line
 * says which phase the worker is in and how long it has taken, with a Cancel that stops the worker.
 */
export function RunBusy({ what, since, testId, onCancel }: Props) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = since === undefined ? 0 : Math.max(0, (now - since) / 1000);
  return (
    <div className="run-busy" role="status" data-testid={testId} data-what={what ?? ''}>
      <span className="spinner sm" aria-hidden="true" />
      <span className="run-busy-what">{what ?? 'starting'}…</span>
      <span className="mono muted" data-testid={`${testId}-elapsed`}>{seconds.toFixed(1)} s</span>
      <button type="button" className="btn btn-sm" data-testid={`${testId}-cancel`} onClick={onCancel}>Cancel</button>
    </div>
  );
}
