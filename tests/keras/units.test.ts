import { describe, expect, it } from 'vitest';
import { summariseH5Error } from '../../src/core/formats/hdf5/h5errors';
import { h5TypeFacts } from '../../src/core/formats/hdf5/h5dtype';
import { checkSuperblock, findSignature } from '../../src/core/formats/hdf5/superblock';
import { treeFromModelConfig } from '../../src/core/formats/keras/configTree';
import { inboundLayerNames } from '../../src/core/formats/keras/inbound';
import { classFromLayerName, toSnakeCase } from '../../src/core/formats/keras/kerasClasses';
import { neuterLambdaConfig } from '../../src/core/formats/keras/lambdaLayer';
import { kerasLayout, roleFromWeightName, varRoles } from '../../src/core/formats/keras/layout';
import { kindFromWeights } from '../../src/core/formats/keras/nodes';
import { FormatError } from '../../src/core/model/errors';

describe('inbound nodes of every Keras generation', () => {
  it('Keras 1 three-element and Keras 2 four-element tuples', () => {
    expect(inboundLayerNames([[['input_1', 0, 0]]])).toEqual(['input_1']);
    expect(inboundLayerNames([[['dense', 0, 0, {}], ['dense_1', 0, 0, {}]]])).toEqual(['dense', 'dense_1']);
  });
  it('a shared layer called twice merges both calls', () => {
    expect(inboundLayerNames([[['left', 0, 0, {}]], [['right', 0, 0, {}]]])).toEqual(['left', 'right']);
  });
  it('Keras 3 {args, kwargs} with __keras_tensor__ histories, constants ignored', () => {
    const t = (name: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 3], keras_history: [name, 0, 0] } });
    const nodes = [{ args: [[t('a'), t('b')]], kwargs: { mask: t('m'), scale: { class_name: '__tensor__', config: { value: [['x', 1, 2]] } } } }];
    expect(inboundLayerNames(nodes)).toEqual(['a', 'b', 'm']);
    expect(inboundLayerNames([])).toEqual([]);
  });
});

describe('Keras names', () => {
  it('snake_case like keras.src.utils.naming.to_snake_case', () => {
    expect(['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'L2NormLayer', 'LSTM', 'Conv2DTranspose', 'InputLayer'].map(toSnakeCase))
      .toEqual(['conv2d', 'batch_normalization', 'max_pooling2d', 'l2_norm_layer', 'lstm', 'conv2d_transpose', 'input_layer']);
  });
  it('class from an auto-generated layer name, Keras 1 to 3', () => {
    expect(classFromLayerName('conv2d_3')).toBe('Conv2D');
    expect(classFromLayerName('convolution2d_1')).toBe('Convolution2D');
    expect(classFromLayerName('maxpooling2d_2')).toBe('MaxPooling2D');
    expect(classFromLayerName('batch_normalization')).toBe('BatchNormalization');
    expect(classFromLayerName('time_distributed_1')).toBe('TimeDistributed');
    expect(classFromLayerName('input_1')).toBe('InputLayer');
    expect(classFromLayerName('fc1')).toBeUndefined();
  });
});

describe('Lambda layers', () => {
  it('Keras 2 base64 and Keras 1 raw bytecode become a note with the byte count', () => {
    const b64 = Buffer.from(new Uint8Array(100)).toString('base64');
    expect(neuterLambdaConfig({ function: [b64, null, null], function_type: 'lambda' })).toMatchObject({
      bytes: 100, config: { function: '<Python bytecode, 100 bytes — not decoded, never run>' },
    });
    expect(neuterLambdaConfig({ function: ['ã\u0001\u0000raw', null, null], function_type: 'lambda' }).bytes).toBe(6);
  });
  it('Keras 3 __lambda__ dicts, output_shape lambdas, and named functions left alone', () => {
    const out = neuterLambdaConfig({
      function: { class_name: '__lambda__', config: { code: 'AAAA', defaults: null, closure: null } },
      output_shape: ['AAAAAAAA', null, null], output_shape_type: 'lambda',
    });
    expect(out.bytes).toBe(3 + 6);
    expect(neuterLambdaConfig({ function: 'my_module.fn', function_type: 'function' })).toEqual({ bytes: 0, config: { function: 'my_module.fn', function_type: 'function' } });
  });
});

describe('config trees', () => {
  it('keeps config dicts whole, old class names as kinds, and warns about custom classes', () => {
    const tree = treeFromModelConfig({ class_name: 'Sequential', config: [
      { class_name: 'Convolution2D', config: { name: 'c', nb_filter: 3, border_mode: 'same' } },
      { class_name: 'Mystery', config: { name: 'm', k: 1 } },
    ] });
    expect(tree.root.children.map((c) => [c.kind, c.kindFrom, c.config])).toEqual([
      ['Convolution2D', 'config', { name: 'c', nb_filter: 3, border_mode: 'same' }],
      ['Mystery', 'config', { name: 'm', k: 1 }],
    ]);
    expect(tree.warnings).toEqual([expect.stringContaining('custom layer class "Mystery"')]);
  });
  it('nested models become subtrees with dotted paths; subclassed models are flagged', () => {
    const tree = treeFromModelConfig({ class_name: 'Functional', config: { name: 'f', layers: [
      { class_name: 'Sequential', name: 'enc', config: { name: 'enc', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2 } }] }, inbound_nodes: [] },
    ] } });
    expect(tree.root.children[0].children[0].path).toBe('enc.d');
    expect(treeFromModelConfig({ class_name: 'VAE', config: {} }).subclassed).toBe(true);
    expect(() => treeFromModelConfig([1, 2])).toThrow(/no class_name/);
  });
});

describe('layouts and roles', () => {
  it('kernels by layer kind', () => {
    expect(kerasLayout('Conv2D', 'kernel', [3, 3, 1, 8])).toBe('HWIO');
    expect(kerasLayout('Conv1D', 'kernel', [3, 1, 8])).toBe('WIO');
    expect(kerasLayout('Conv3D', 'kernel', [3, 3, 3, 1, 8])).toBe('DHWIO');
    expect(kerasLayout('Conv2DTranspose', 'kernel', [3, 3, 8, 1])).toBe('HWOI');
    expect(kerasLayout('DepthwiseConv2D', 'depthwise_kernel', [3, 3, 8, 1])).toBe('HWIM');
    expect(kerasLayout('DepthwiseConv2D', 'kernel', [3, 3, 8, 1])).toBe('HWIM');
    expect(kerasLayout('Dense', 'kernel', [4, 2])).toBe('(in,out)');
    expect(kerasLayout('Convolution2D', 'kernel', [8, 1, 3, 3], { dim_ordering: 'th' })).toBe('OIHW');
    expect(kerasLayout('Embedding', 'embeddings', [10, 4])).toBe('(num,dim)');
    expect(kerasLayout('BatchNormalization', 'moving_variance', [4])).toBe('(C)');
    expect(kerasLayout('LSTM', 'kernel', [3, 16])).toBe('(in,4·units) gates i,f,c,o');
    expect(kerasLayout('GRU', 'recurrent_kernel', [4, 12])).toBe('(units,3·units) gates z,r,h');
    expect(kerasLayout('', 'iterations', [])).toBe('scalar');
  });
  it('Keras 3 var indices follow the layer config', () => {
    expect(varRoles('BatchNormalization', { scale: false })).toEqual(['beta', 'moving_mean', 'moving_variance']);
    expect(varRoles('Dense', { use_bias: false })).toEqual(['kernel']);
    expect(varRoles('GRU', {})).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(varRoles('Flatten', {})).toBeUndefined();
  });
  it('legacy weight names to roles, Keras 1 prefixes included', () => {
    expect(roleFromWeightName('kernel:0', 'dense')).toBe('kernel');
    expect(roleFromWeightName('dense_1_W:0', 'dense_1')).toBe('kernel');
    expect(roleFromWeightName('dense_1_b:0', 'dense_1')).toBe('bias');
  });
  it('kinds from weights when no name says it', () => {
    expect(kindFromWeights([{ role: 'kernel', shape: [3, 12] }, { role: 'recurrent_kernel', shape: [3, 12] }])).toBe('LSTM');
    expect(kindFromWeights([{ role: '0', shape: [3, 3, 1, 2] }, { role: '1', shape: [2] }])).toBe('Conv2D');
    expect(kindFromWeights(['0', '1', '2', '3'].map((role) => ({ role, shape: [5] })))).toBe('BatchNormalization');
    expect(kindFromWeights([])).toBe('');
  });
});

describe('HDF5 helpers', () => {
  const superblockV0 = (eof: number): Uint8Array => {
    const b = new Uint8Array(96);
    b.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 0);
    b[13] = 8; b[14] = 8;
    new DataView(b.buffer).setBigUint64(24 + 16, BigInt(eof), true);
    return b;
  };
  it('finds the signature at 0 or behind a user block', () => {
    const head = new Uint8Array(4096);
    head.set(superblockV0(100).subarray(0, 8), 1024);
    expect(findSignature(head)).toBe(1024);
    expect(findSignature(new Uint8Array(100))).toBe(-1);
  });
  it('checks the end-of-file address against the real size', () => {
    expect(checkSuperblock(superblockV0(500), 0, 500).expectedSize).toBe(500);
    expect(() => checkSuperblock(superblockV0(501), 0, 500)).toThrow(/truncated HDF5 file: it has 500 bytes but its superblock says 501/);
    const bad = superblockV0(10);
    bad[13] = 3;
    expect(() => checkSuperblock(bad, 0, 500)).toThrow(FormatError);
  });
  it('boils an HDF5 error stack down to its innermost reason', () => {
    const stack = [
      'HDF5-DIAG: Error detected in HDF5 (2.0.0):',
      '  #000: H5F.c line 821 in H5Fopen(): unable to synchronously open file',
      '    major: File accessibility', '    minor: Unable to open file',
      '  #006: H5Fsuper.c line 577 in H5F__super_read(): truncated file: eof = 100000, stored_eof = 1829000',
      '    major: File accessibility', '    minor: File has been truncated',
    ].join('\n');
    expect(summariseH5Error(stack)).toBe('truncated file: eof = 100000, stored_eof = 1829000 (File has been truncated)');
    expect(summariseH5Error('plain message')).toBe('plain message');
  });
  it('maps HDF5 types to dtypes (h5py bool enums, complex compounds, strings refused)', () => {
    const base = { littleEndian: true, vlen: false, shape: [2], total_size: 2 };
    expect(h5TypeFacts({ ...base, type: 1, size: 2, signed: false }).dtype).toBe('float16');
    expect(h5TypeFacts({ ...base, type: 0, size: 8, signed: true }).dtype).toBe('int64');
    expect(h5TypeFacts({ ...base, type: 0, size: 1, signed: false }).dtype).toBe('uint8');
    expect(h5TypeFacts({ ...base, type: 8, size: 1, signed: true, enum_type: { members: { FALSE: 0, TRUE: 1 }, nmembers: 2, type: 0 } }).dtype).toBe('bool');
    const f = { ...base, type: 1, size: 4, signed: false };
    expect(h5TypeFacts({ ...base, type: 6, size: 8, signed: false, compound_type: { nmembers: 2, members: [{ ...f, name: 'r', offset: 0 }, { ...f, name: 'i', offset: 4 }] } }).dtype).toBe('complex64');
    expect(h5TypeFacts({ ...base, type: 3, size: 10, signed: false })).toEqual({ unsupported: 'string' });
  });
});
