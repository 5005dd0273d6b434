import type { ModelDocView } from '../../core/model/types';
import { downloadBlob, stem } from '../lib/download';
import { summaryCsv, summaryJson } from '../lib/summaryExport';

/** Saves the model summary: everything as JSON, the tensor table as CSV. */
export function SummaryExport({ doc }: { doc: ModelDocView }) {
  const base = stem(doc.fileName);
  return (
    <span className="summary-export">
      <button type="button" className="btn btn-sm btn-ghost" data-testid="export-summary-json" title="the summary, tensors and layers as JSON"
        onClick={() => downloadBlob(summaryJson(doc), `${base}-summary.json`, 'application/json')}>JSON</button>
      <button type="button" className="btn btn-sm btn-ghost" data-testid="export-summary-csv" title="the tensor table as CSV"
        onClick={() => downloadBlob(summaryCsv(doc), `${base}-tensors.csv`, 'text/csv')}>CSV</button>
    </span>
  );
}
