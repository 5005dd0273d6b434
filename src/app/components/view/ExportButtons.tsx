import { useState } from 'react';

interface Props {
  canPng: boolean;
  onPng(): Promise<void>;
  onNpy(): Promise<void>;
  npyTitle: string;
}

const DownloadIcon = () => (
  <svg className="btn-icon" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 2.5v8m0 0L4.8 7.3M8 10.5l3.2-3.2M3 13.5h10" /></svg>
);

/** The plot as PNG, the tensor as .npy; each button says when its export failed. */
export function ExportButtons({ canPng, onPng, onNpy, npyTitle }: Props) {
  const [busy, setBusy] = useState<'png' | 'npy' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (what: 'png' | 'npy', f: () => Promise<void>) => () => {
    setBusy(what);
    setError(null);
    f().catch((e: unknown) => setError(`${what.toUpperCase()} export failed: ${e instanceof Error ? e.message : String(e)}`)).finally(() => setBusy(null));
  };
  return (
    <div className="export-buttons">
      <button type="button" className="btn btn-sm btn-ghost" data-testid="export-png" disabled={!canPng || busy !== null} onClick={run('png', onPng)} title="the plot as a PNG image">
        <DownloadIcon /> PNG
      </button>
      <button type="button" className="btn btn-sm btn-ghost" data-testid="export-npy" disabled={busy !== null} onClick={run('npy', onNpy)} title={npyTitle}>
        <DownloadIcon /> .npy
      </button>
      {error && <span className="export-error" role="alert" data-testid="export-error">{error}</span>}
    </div>
  );
}
