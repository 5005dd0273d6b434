/**
 * The one place tfjs is loaded. Everything else imports tfjs types only (`import type`), which the
 * compiler erases, so the app's first screen never downloads tfjs: it arrives with the first run.
 */
export type Tf = typeof import('@tensorflow/tfjs-core');
export type LayersModel = import('@tensorflow/tfjs-layers').LayersModel;
export type TfLayers = typeof import('@tensorflow/tfjs-layers');
/** A tfjs tensor whose shape reads as plain numbers (tfjs types it as a union of tuples). */
export type Tensor = import('@tensorflow/tfjs-core').Tensor & { readonly shape: number[] };

let core: Promise<Tf> | undefined;
let layers: Promise<TfLayers> | undefined;

export function loadTf(): Promise<Tf> {
  core ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    // In Node the cpu backend prints an advert for tfjs-node (a native download we do not use)
    // on first use; production mode silences it.
    if (tf.env().getBool('IS_NODE')) tf.enableProdMode();
    return tf;
  })();
  return core;
}

export function loadLayers(): Promise<TfLayers> {
  layers ??= loadTf().then(() => import('@tensorflow/tfjs-layers'));
  return layers;
}
