import { compactValue, prettyValue } from '../lib/format';

/** Key/values a file carries beside its weights (epoch, loss, training_config…), nested values compact. */
export function MetadataList({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata ?? {});
  if (entries.length === 0) return null;
  return (
    <details className="metadata" data-testid="summary-metadata">
      <summary>
        <span className="metadata-title">Metadata <span className="muted">({entries.length})</span></span>
        <span className="metadata-inline mono" data-testid="metadata-inline">
          {entries.slice(0, 12).map(([k, v]) => (
            <span key={k} className="meta-pair"><span className="muted">{k}</span> {compactValue(v, 48)}</span>
          ))}
        </span>
      </summary>
      <dl className="kv">
        {entries.map(([k, v]) => <KeyValue key={k} name={k} value={v} />)}
      </dl>
    </details>
  );
}

export function KeyValue({ name, value }: { name: string; value: unknown }) {
  const short = compactValue(value, 160);
  const nested = value !== null && typeof value === 'object';
  return (
    <div className="kv-row" data-testid="kv" data-key={name}>
      <dt className="mono">{name}</dt>
      <dd className="mono" title={nested ? prettyValue(value, 4000) : undefined}>{short}</dd>
    </div>
  );
}
