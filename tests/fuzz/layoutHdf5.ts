import { emptyLayout, readUint, type Layout } from './layout';

/**
 * The metadata of an HDF5 file as h5py writes Keras files (superblock v0, version-1 object
 * headers, symbol-table groups): superblock, object headers and their messages, B-tree nodes,
 * local and global heaps. Object headers carry no signature in this version, so they are found
 * from the root entry and the symbol table nodes (SNOD) that point at them.
 */
const SIGS = ['TREE', 'HEAP', 'SNOD', 'GCOL', 'OHDR', 'OCHK', 'BTHD', 'BTLF', 'FRHP', 'FHDB', 'FHIB', 'FSHD', 'FSSE'];

function ascii(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
}

export function hdf5Layout(b: Uint8Array): Layout {
  const out = emptyLayout();
  const sig = [0, 512, 1024, 2048].find((o) => ascii(b, o + 1) === 'HDF\r') ?? -1;
  if (sig < 0) return out;
  const field = (at: number, width: 1 | 2 | 4 | 8, what: string): void => {
    if (at + width <= b.length) out.fields.push({ at, width, what });
  };
  const version = b[sig + 8];
  out.boundaries.push(sig, sig + 8);
  const sbEnd = sig + (version === 0 ? 96 : version === 1 ? 100 : 48);
  out.boundaries.push(sbEnd);
  out.hot.push([sig, sbEnd]);
  const objectHeaders = new Set<number>();
  let base = 0;
  if (version <= 1) {
    field(sig + 13, 1, 'superblock size of offsets');
    field(sig + 14, 1, 'superblock size of lengths');
    field(sig + 16, 2, 'superblock group leaf K');
    field(sig + 18, 2, 'superblock group internal K');
    const a = sig + (version === 0 ? 24 : 28);
    base = readUint(b, a, 8);
    ['base address', 'free-space address', 'end-of-file address', 'driver info address'].forEach((w, i) => field(a + 8 * i, 8, `superblock ${w}`));
    field(a + 40, 8, 'root entry object header address');
    field(a + 56, 8, 'root entry B-tree address');
    field(a + 64, 8, 'root entry heap address');
    objectHeaders.add(base + readUint(b, a + 40, 8));
  }
  // Signature-bearing structures: a scan is enough (a stray match in data only adds a target).
  for (let p = sig + 8; p + 8 <= b.length; p++) {
    if (b[p] < 0x42 || b[p] > 0x54) continue; // first letters B…T
    const s = ascii(b, p);
    if (!SIGS.includes(s)) continue;
    out.boundaries.push(p);
    if (s === 'TREE') {
      const used = readUint(b, p + 6, 2);
      field(p + 6, 2, `B-tree @${p} entries used`);
      field(p + 8, 8, `B-tree @${p} left sibling`);
      const end = p + 24 + used * 16 + 8;
      out.hot.push([p, Math.min(b.length, end)]);
      for (let i = 0; i < used; i++) field(p + 24 + 8 + i * 16, 8, `B-tree @${p} child ${i}`);
    } else if (s === 'HEAP') {
      field(p + 8, 8, `local heap @${p} data size`);
      field(p + 24, 8, `local heap @${p} data address`);
      const at = base + readUint(b, p + 24, 8), size = readUint(b, p + 8, 8);
      out.hot.push([p, p + 32], [at, Math.min(b.length, at + size)]);
      out.boundaries.push(p + 32, at, at + size);
    } else if (s === 'SNOD') {
      const n = readUint(b, p + 6, 2);
      field(p + 6, 2, `symbol node @${p} symbols`);
      out.hot.push([p, Math.min(b.length, p + 8 + n * 40)]);
      for (let i = 0; i < n; i++) {
        const e = p + 8 + i * 40;
        field(e, 8, `symbol node @${p} entry ${i} name offset`);
        field(e + 8, 8, `symbol node @${p} entry ${i} object header`);
        objectHeaders.add(base + readUint(b, e + 8, 8));
        out.boundaries.push(e);
      }
    } else if (s === 'GCOL') {
      const size = readUint(b, p + 8, 8);
      field(p + 8, 8, `global heap @${p} size`);
      out.hot.push([p, Math.min(b.length, p + size)]);
      out.boundaries.push(p + size);
      for (let q = p + 16; q + 16 <= p + size && q + 16 <= b.length;) {
        const idx = readUint(b, q, 2), len = readUint(b, q + 8, 8);
        field(q + 8, 8, `global heap @${p} object ${idx} size`);
        out.boundaries.push(q);
        if (idx === 0) break;
        q += 16 + Math.ceil(len / 8) * 8;
      }
    } else {
      out.hot.push([p, Math.min(b.length, p + 64)]);
    }
  }
  for (const oh of objectHeaders) objectHeader(b, oh, base, out, field);
  return out;
}

type FieldFn = (at: number, width: 1 | 2 | 4 | 8, what: string) => void;

/** A version-1 object header and its messages; continuation blocks are followed once. */
function objectHeader(b: Uint8Array, at: number, base: number, out: Layout, field: FieldFn): void {
  if (at + 16 > b.length || b[at] !== 1) return;
  const size = readUint(b, at + 8, 4);
  field(at + 2, 2, `object header @${at} message count`);
  field(at + 8, 4, `object header @${at} size`);
  out.boundaries.push(at, at + 16, at + 16 + size);
  out.hot.push([at, Math.min(b.length, at + 16 + size)]);
  const blocks: [number, number][] = [[at + 16, at + 16 + size]];
  for (let k = 0; k < blocks.length && k < 8; k++) {
    const [start, end] = blocks[k];
    for (let m = start; m + 8 <= end && m + 8 <= b.length;) {
      const type = readUint(b, m, 2), len = readUint(b, m + 2, 2), d = m + 8;
      const where = `object header @${at} message ${type.toString(16)} @${m}`;
      field(m + 2, 2, `${where} size`);
      out.boundaries.push(m);
      if (type === 0x01) dataspace(b, d, where, field);
      else if (type === 0x03) field(d + 4, 4, `${where} datatype element size`);
      else if (type === 0x08) layout(b, d, where, field);
      else if (type === 0x0c) {
        field(d + 2, 2, `${where} attribute name size`);
        field(d + 4, 2, `${where} attribute datatype size`);
        field(d + 6, 2, `${where} attribute dataspace size`);
      } else if (type === 0x10) {
        field(d, 8, `${where} continuation address`);
        field(d + 8, 8, `${where} continuation length`);
        const c = base + readUint(b, d, 8);
        if (c < b.length) { blocks.push([c, c + readUint(b, d + 8, 8)]); out.hot.push([c, Math.min(b.length, c + readUint(b, d + 8, 8))]); }
      } else if (type === 0x11) {
        field(d, 8, `${where} symbol table B-tree`);
        field(d + 8, 8, `${where} symbol table heap`);
      }
      m = d + len;
    }
  }
}

function dataspace(b: Uint8Array, d: number, where: string, field: FieldFn): void {
  const version = b[d], rank = b[d + 1], flags = b[d + 2];
  field(d + 1, 1, `${where} dataspace rank`);
  const dims = d + (version === 1 ? 8 : 4);
  for (let i = 0; i < rank; i++) field(dims + 8 * i, 8, `${where} dataspace dim ${i}`);
  if (flags & 1) for (let i = 0; i < rank; i++) field(dims + 8 * (rank + i), 8, `${where} dataspace max dim ${i}`);
}

function layout(b: Uint8Array, d: number, where: string, field: FieldFn): void {
  if (b[d] !== 3) return;
  const cls = b[d + 1];
  if (cls === 0) field(d + 2, 2, `${where} compact layout size`);
  else if (cls === 1) {
    field(d + 2, 8, `${where} contiguous data address`);
    field(d + 10, 8, `${where} contiguous data size`);
  } else if (cls === 2) {
    field(d + 2, 1, `${where} chunk rank`);
    field(d + 3, 8, `${where} chunk B-tree address`);
    for (let i = 0; i < b[d + 2]; i++) field(d + 11 + 4 * i, 4, `${where} chunk dim ${i}`);
  }
}
