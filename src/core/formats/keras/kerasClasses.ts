/**
 * Keras class names we know, from Keras 1 to Keras 3. A class outside this list (and outside a
 * `keras…` module) is a user's own class: we keep its name and config and warn that its
 * computation is not in the file.
 */
const LAYERS = `
InputLayer Dense Activation Dropout Flatten Reshape Permute RepeatVector Lambda ActivityRegularization Masking
Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose SeparableConv1D SeparableConv2D
DepthwiseConv1D DepthwiseConv2D Cropping1D Cropping2D Cropping3D UpSampling1D UpSampling2D UpSampling3D
ZeroPadding1D ZeroPadding2D ZeroPadding3D MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D AveragePooling2D
AveragePooling3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GlobalAveragePooling1D
GlobalAveragePooling2D GlobalAveragePooling3D LocallyConnected1D LocallyConnected2D
SimpleRNN GRU LSTM SimpleRNNCell GRUCell LSTMCell StackedRNNCells RNN ConvLSTM1D ConvLSTM2D ConvLSTM3D CuDNNGRU CuDNNLSTM
Embedding Add Subtract Multiply Average Maximum Minimum Concatenate Dot
LeakyReLU PReLU ELU ThresholdedReLU Softmax ReLU
BatchNormalization LayerNormalization GroupNormalization UnitNormalization SpectralNormalization RMSNormalization
Bidirectional TimeDistributed Wrapper
GaussianNoise GaussianDropout AlphaDropout SpatialDropout1D SpatialDropout2D SpatialDropout3D
MultiHeadAttention Attention AdditiveAttention GroupQueryAttention EinsumDense Identity
Rescaling Resizing CenterCrop Normalization Discretization CategoryEncoding Hashing StringLookup IntegerLookup
TextVectorization RandomFlip RandomRotation RandomZoom RandomContrast RandomTranslation RandomCrop RandomHeight
RandomWidth RandomBrightness AutoContrast Solarization
TFOpLambda SlicingOpLambda TorchModuleWrapper
Convolution1D Convolution2D Convolution3D Deconvolution2D Deconvolution3D AtrousConvolution1D AtrousConvolution2D
SeparableConvolution2D MaxoutDense Highway Merge TimeDistributedDense ZeroPadding Cropping
`;

const MODELS = 'Sequential Functional Model';

const KNOWN = new Set([...LAYERS.split(/\s+/), ...MODELS.split(/\s+/)].filter(Boolean));

export function isModelClass(kind: string): boolean {
  return kind === 'Sequential' || kind === 'Functional' || kind === 'Model';
}

/** True for classes that ship with Keras (by name, or by a `keras…` module in Keras 3 configs). */
export function isKnownClass(className: string, module?: unknown): boolean {
  if (typeof module === 'string' && module !== '') {
    return module === 'keras' || module.startsWith('keras.') || module.startsWith('tf_keras') || module.startsWith('tensorflow');
  }
  return KNOWN.has(className);
}

/** Keras 3 op-layers (keras.ops used as layers) are Operations, not Layers: they have no weights group. */
export function isOpLayer(module: unknown): boolean {
  return typeof module === 'string' && /^keras(\.src)?\.ops\b/.test(module);
}

/** Keras's naming.to_snake_case: the name of a class's weights group in Keras 3 files. */
export function toSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

const BY_SNAKE = new Map<string, string>();
for (const c of KNOWN) {
  BY_SNAKE.set(toSnakeCase(c), c);
  // Keras 1/2 auto-names dropped the underscores before digits: 'convolution2d_1', 'maxpooling2d_1'.
  BY_SNAKE.set(c.toLowerCase(), c);
}
BY_SNAKE.set('input', 'InputLayer'); // Keras 2 names input layers 'input_1'

/**
 * The class a layer (or weights group) name implies: 'conv2d_3' → Conv2D, 'batch_normalization' →
 * BatchNormalization, 'convolution2d_1' → Convolution2D. Undefined for user-chosen names ('fc1').
 */
export function classFromLayerName(name: string): string | undefined {
  const base = name.replace(/_\d+$/, '');
  return BY_SNAKE.get(base) ?? BY_SNAKE.get(name);
}
