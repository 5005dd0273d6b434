import type { DType } from '../../core/model/dtype';
import type { ModelDocView } from '../../core/model/types';
import { countParametrised } from '../lib/treeRows';
import { formatBytes, formatCount, formatInt } from '../lib/format';
import { MetadataList } from './MetadataList';
import { Warnings } from './Warnings';
import { SafetyLine } from './SafetyBanner';
import { SummaryExport } from './SummaryExport';

const FORMAT_LABELS: Record<string, string> = {
  'torch-zip': 'PyTorch (zip)',
  'torch-legacy': 'PyTorch (legacy pickle)',
  torchscript: 'TorchScript',
  'torchscript-v1': 'TorchScript (v1)',
  'keras-h5': 'Keras HDF5',
  'keras-weights-h5': 'Keras weights HDF5',
  'keras-zip': 'Keras (.keras)',
  'keras3-weights-h5': 'Keras 3 weights HDF5',
  safetensors: 'safetensors',
};

interface Props {
  doc: ModelDocView;
  /** the warnings no notice above the summary already says */
  warnings: string[];
  /** the JSON the architecture came from, when one was applied */
  architectureFile?: string;
}

/** What the file is, at a glance. */
export function Summary({ doc, warnings, architectureFile }: Props) {
  const dtypes = Object.entries(doc.bytesByDtype) as [DType, number][];
  const layers = countParametrised(doc.root);
  return (
    <section className="summary" data-testid="summary" aria-label="Summary">
      <div className="summary-head">
        <span className="pill" data-testid="summary-format" data-format={doc.format} title={doc.format}>{FORMAT_LABELS[doc.format] ?? doc.format}</span>
        <span className="summary-contents" data-testid="summary-contents" title={doc.contents}>{doc.contents || 'unknown contents'}</span>
        <span className="spacer" />
        <SummaryExport doc={doc} />
      </div>
      {doc.producer && (
        <p className="summary-producer muted" data-testid="summary-producer" title={doc.producer}>
          {doc.producer}
          {architectureFile && (
            <span data-testid="summary-architecture" data-file={architectureFile}> · architecture from <span className="mono">{architectureFile}</span></span>
          )}
        </p>
      )}
      <dl className="facts">
        <div className="fact">
          <dt>Parameters</dt>
          <dd>
            <strong className="mono big" data-testid="summary-params" data-value={doc.totalParams}>{formatInt(doc.totalParams)}</strong>
            {doc.totalParams >= 1000 && <span className="muted mono"> ≈ {formatCount(doc.totalParams)}</span>}
          </dd>
        </div>
        <div className="fact">
          <dt>Layers · tensors</dt>
          <dd className="mono" data-testid="summary-counts">
            <span data-testid="summary-layers">{formatInt(layers)}</span> · <span data-testid="summary-tensors">{formatInt(doc.tensors.length)}</span>
          </dd>
        </div>
        <div className="fact">
          <dt>File size</dt>
          <dd className="mono" data-testid="summary-size" title={`${formatInt(doc.fileSize)} bytes`}>{formatBytes(doc.fileSize)}</dd>
        </div>
        <div className="fact">
          <dt>Tensor bytes</dt>
          <dd data-testid="summary-bytes">
            {dtypes.length === 0 && <span className="muted">none</span>}
            {dtypes.map(([dt, n]) => (
              <span key={dt} className="chip mono" data-dtype={dt} title={`${formatInt(n)} bytes`}>{dt} {formatBytes(n)}</span>
            ))}
          </dd>
        </div>
      </dl>
      <MetadataList metadata={doc.metadata} />
      {doc.safety && doc.safety.dangerous.length === 0 && <SafetyLine safety={doc.safety} />}
      <Warnings warnings={warnings} />
    </section>
  );
}
