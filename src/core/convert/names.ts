import type { OutputFormat } from './types';

const EXT: Record<OutputFormat, string> = { pt: 'pt', h5: 'h5', keras: 'keras', safetensors: 'safetensors' };

/** The framework a file name suggests (the extension only: callers with a document pass its framework). */
function frameworkOfName(name: string): 'torch' | 'keras' | undefined {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext && ['pt', 'pth', 'ckpt', 'bin', 'pkl', 'tar', 'safetensors'].includes(ext)) return 'torch';
  if (ext && ['h5', 'hdf5', 'keras'].includes(ext)) return 'keras';
  return undefined;
}

/**
 * A download name saying what the file was converted from: `lenet5.pt` → Keras gives
 * `lenet5-torch.h5`, `lenet5.h5` → torch gives `lenet5-keras.pt`. The stem is cut at its first
 * dot (`lenet5.state_dict.pt` → `lenet5`), so the name does not repeat the old format.
 * `target` is a format or a framework ('torch' → .pt, 'keras' → .h5).
 */
export function suggestedName(sourceFile: string, target: OutputFormat | 'torch' | 'keras', sourceFramework?: 'torch' | 'keras'): string {
  const format: OutputFormat = target === 'torch' ? 'pt' : target === 'keras' ? 'h5' : target;
  const base = sourceFile.split(/[/\\]/).pop() ?? sourceFile;
  const cut = base.indexOf('.');
  const stem = (cut > 0 ? base.slice(0, cut) : base) || 'model';
  const from = sourceFramework ?? frameworkOfName(base);
  return `${stem}${from ? `-${from}` : ''}.${EXT[format]}`;
}
