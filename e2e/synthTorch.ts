/**
 * Writes a PyTorch (≥ 1.6 zip) state_dict of many small float32 tensors, byte for byte the way
 * torch.save lays it out: a protocol-2 pickle of an OrderedDict of `_rebuild_tensor_v2` calls whose
 * storages are persistent ids, and one STORED zip entry per storage. Used to test the UI at scale
 * without checking a big binary into the repo.
 */
import { zipSync, strToU8 } from 'fflate';

class PickleWriter {
  private parts: number[] = [];
  op(code: string): this { this.parts.push(code.charCodeAt(0)); return this; }
  raw(bytes: Uint8Array): this { for (const b of bytes) this.parts.push(b); return this; }
  u32(n: number): this { this.parts.push(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255); return this; }
  global(module: string, name: string): this { return this.op('c').raw(strToU8(`${module}\n${name}\n`)); }
  str(s: string): this { const b = strToU8(s); return this.op('X').u32(b.length).raw(b); }
  int(n: number): this { return n >= 0 && n < 256 ? this.op('K').raw(new Uint8Array([n])) : this.op('J').u32(n); }
  tuple(items: number[]): this { this.op('('); for (const n of items) this.int(n); return this.op('t'); }
  bytes(): Uint8Array { return new Uint8Array(this.parts); }
}

export interface SynthTensor { name: string; shape: number[]; values: Float32Array }

export function torchStateDictZip(tensors: SynthTensor[], folder = 'synth'): Uint8Array {
  const p = new PickleWriter();
  p.raw(new Uint8Array([0x80, 2]));
  p.global('collections', 'OrderedDict').op(')').op('R');
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  tensors.forEach((t, i) => {
    const numel = t.values.length;
    const stride = t.shape.map((_, d) => t.shape.slice(d + 1).reduce((a, b) => a * b, 1));
    p.str(t.name);
    p.global('torch._utils', '_rebuild_tensor_v2');
    p.op('(');
    p.op('(').str('storage').global('torch', 'FloatStorage').str(String(i)).str('cpu').int(numel).op('t').op('Q');
    p.int(0).tuple(t.shape).tuple(stride).op('\x89');
    p.global('collections', 'OrderedDict').op(')').op('R');
    p.op('t').op('R').op('s');
    files[`${folder}/data/${i}`] = [new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), { level: 0 }];
  });
  p.op('.');
  return zipSync({
    [`${folder}/data.pkl`]: [p.bytes(), { level: 0 }],
    ...files,
    [`${folder}/version`]: [strToU8('3\n'), { level: 0 }],
  });
}

/** 100 blocks × 10 layers × 10 tensors: `blocks.{a}.layers.{b}.w{c}`, each of shape [4]. */
export function tenThousandTensors(): SynthTensor[] {
  const out: SynthTensor[] = [];
  for (let a = 0; a < 100; a++) {
    for (let b = 0; b < 10; b++) {
      for (let c = 0; c < 10; c++) {
        const k = out.length;
        out.push({ name: `blocks.${a}.layers.${b}.w${c}`, shape: [4], values: new Float32Array([k, -k, k / 2, 0]) });
      }
    }
  }
  return out;
}
