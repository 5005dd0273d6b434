import type { Tensor as TfTensor } from '@tensorflow/tfjs-core';
import type { Tf, TfLayers } from '../tf';
import type { Json } from './kerasConfig';

/**
 * Keras's GRU, both reset_after variants, as tfjs layers.
 *
 * tfjs-layers 4.22's GRUCell throws on reset_after=true and builds only a (3·units) bias, while
 * TF2 Keras saves GRUs with reset_after=true and a (2, 3·units) bias (input and recurrent rows)
 * by default. So every Keras GRU is rebuilt as our own cell inside tfjs's RNN layer: the RNN keeps
 * doing what tfjs already does right (the time loop, go_backwards, return_sequences/state, masking,
 * Bidirectional, which clones its layer through the serialization registry), and the cell computes
 * Keras's GRUCell.call (implementation 2). reset_after=false goes through the same cell so both
 * variants share one tested computation.
 *
 * Activations are tfjs's (the same as every other layer here): Keras 2's hard_sigmoid, 0.2·x + 0.5
 * clipped, is tfjs's; Keras 3 changed hard_sigmoid to relu6(x + 3) / 6, which is not reproduced.
 */

export const KERAS_GRU = 'WeightbridgeKerasGRU';
export const KERAS_GRU_CELL = 'WeightbridgeKerasGRUCell';

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The config with every GRU (and GRUCell of an RNN) renamed to ours, wrappers and nested models included. */
export function withKerasGru(entry: Json): Json {
  const rename: Record<string, string> = { GRU: KERAS_GRU, GRUCell: KERAS_GRU_CELL };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      // only layer-valued keys hold layers: a layer config's own strings are never renamed
      out[k] = k === 'class_name' && typeof x === 'string' && 'config' in v ? (rename[x] ?? x)
        : ['config', 'layers', 'layer', 'cell', 'forward_layer', 'backward_layer'].includes(k) ? walk(x) : x;
    }
    return out;
  };
  return walk(entry) as Json;
}

/** What deserialisation passes: the Keras config with camelCase keys (tfjs converts them). */
interface GruArgs {
  units: number;
  activation?: string;
  recurrentActivation?: string;
  useBias?: boolean;
  resetAfter?: boolean;
  name?: string;
}

let registered = false;

/** Registers our GRU layer and cell with tfjs's serialization registry (once per tfjs instance). */
export function registerKerasGru(tf: Tf, tfl: TfLayers): void {
  if (registered) return;
  registered = true;
  type Variable = ReturnType<typeof tfl.layers.dense>['weights'][number];
  type Activation = ReturnType<typeof tfl.layers.activation>['activation'];
  // tfjs's own activation functions, by the identifiers its GRU accepts
  const activation = (name: string): Activation => tfl.layers.activation({ activation: name as never }).activation;

  class KerasGRUCell extends tfl.layers.RNNCell {
    static readonly className = KERAS_GRU_CELL;
    readonly units: number;
    readonly stateSize: number;
    private readonly resetAfter: boolean;
    private readonly useBias: boolean;
    private readonly actName: string;
    private readonly recActName: string;
    private readonly act: Activation;
    private readonly recAct: Activation;
    private kernel?: Variable;
    private recurrentKernel?: Variable;
    private bias?: Variable;

    constructor(args: GruArgs) {
      super(args);
      this.units = args.units;
      this.stateSize = args.units;
      // A config without reset_after predates the option, when every GRU applied the reset gate
      // before the product; the activations default as in tfjs's GRU (Keras 2's).
      this.resetAfter = args.resetAfter ?? false;
      this.useBias = args.useBias ?? true;
      this.actName = args.activation ?? 'tanh';
      this.recActName = args.recurrentActivation ?? 'hardSigmoid';
      this.act = activation(this.actName);
      this.recAct = activation(this.recActName);
    }

    override build(inputShape: (number | null)[] | (number | null)[][]): void {
      const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
      const inputDim = shape[shape.length - 1] ?? 0;
      const u = this.units;
      // zeros: the stored weights replace them before the first run
      const zeros = tfl.initializers.zeros();
      this.kernel = this.addWeight('kernel', [inputDim, 3 * u], 'float32', zeros);
      this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 3 * u], 'float32', zeros);
      if (this.useBias) this.bias = this.addWeight('bias', this.resetAfter ? [2, 3 * u] : [3 * u], 'float32', zeros);
      this.built = true;
    }

    override call(inputs: TfTensor | TfTensor[]): TfTensor[] {
      return tf.tidy(() => {
        const [x, h] = inputs as TfTensor[];
        const u = this.units;
        const kernel = this.kernel!.read();
        const rec = this.recurrentKernel!.read();
        const bias = this.bias?.read();
        const [inputBias, recurrentBias] = !bias ? [undefined, undefined]
          : this.resetAfter ? tf.unstack(bias) : [bias, undefined];
        let mx = tf.matMul(x, kernel);
        if (inputBias) mx = tf.add(mx, inputBias);
        const [xz, xr, xh] = tf.split(mx, 3, 1);
        let z: TfTensor, r: TfTensor, recH: TfTensor;
        if (this.resetAfter) {
          let inner = tf.matMul(h, rec);
          if (recurrentBias) inner = tf.add(inner, recurrentBias);
          const [hz, hr, hh] = tf.split(inner, 3, 1);
          z = this.recAct.apply(tf.add(xz, hz));
          r = this.recAct.apply(tf.add(xr, hr));
          recH = tf.mul(r, hh);
        } else {
          const [rzr, rh] = tf.split(rec, [2 * u, u], 1);
          const [hz, hr] = tf.split(tf.matMul(h, rzr), 2, 1);
          z = this.recAct.apply(tf.add(xz, hz));
          r = this.recAct.apply(tf.add(xr, hr));
          recH = tf.matMul(tf.mul(r, h), rh);
        }
        const candidate = this.act.apply(tf.add(xh, recH));
        const next = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), candidate));
        return [next, next];
      });
    }

    /** What Bidirectional clones the layer from (RNN.getConfig merges it into the layer's config). */
    override getConfig(): ReturnType<InstanceType<typeof tfl.layers.RNNCell>['getConfig']> {
      return {
        ...super.getConfig(), units: this.units, activation: this.actName, recurrentActivation: this.recActName,
        useBias: this.useBias, resetAfter: this.resetAfter,
      };
    }
  }

  class KerasGRU extends tfl.layers.RNN {
    static readonly className = KERAS_GRU;
    constructor(args: GruArgs) {
      super({ ...args, cell: new KerasGRUCell(args) });
    }

    /** The cell is rebuilt from the flat config (as tfjs's GRU does), not deserialised from a `cell` entry. */
    static override fromConfig<T>(cls: new (config: GruArgs) => T, config: Json): T {
      return new cls(config as unknown as GruArgs);
    }
  }

  tf.serialization.registerClass(KerasGRUCell as never);
  tf.serialization.registerClass(KerasGRU as never);
}
