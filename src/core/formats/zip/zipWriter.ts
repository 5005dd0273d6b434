import { FormatError, throwIfAborted } from '../../model/errors';
import { crc32, crc32Update } from './crc32';

/**
 * A streaming zip writer shaped after torch's archives: entries STORED (or copied as they were),
 * each entry's data aligned (torch: 64 bytes, padded with an 'FB' extra field of 'Z's, which
 * torch's reader and Python's zipfile ignore), ZIP64 records only where a size or offset needs
 * them. It yields the archive as parts, so a multi-GB file never has to be whole in memory:
 * every size is known up front (storages have fixed sizes) and the CRC of streamed data goes
 * into a data descriptor after it, as torch's own writer does.
 */
export interface ZipWriteEntry {
  name: string;
  /** bytes the entry stores (for a copied deflated entry, its compressed size) */
  size: number;
  /** the bytes, whole, or a function that streams them in order (their lengths must add up to `size`) */
  data: Uint8Array | (() => AsyncIterable<Uint8Array>);
  /** an existing entry copied as stored: its method, CRC and uncompressed size */
  copied?: { method: number; crc32: number; uncompressedSize: number };
}

export interface ZipWriteOptions {
  /** data start alignment in bytes (torch: 64); 0 or 1 for none */
  align?: number;
  signal?: AbortSignal;
}

const LFH = 0x04034b50, CDH = 0x02014b50, DESC = 0x08074b50, EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOC = 0x07064b50;
const U32_MAX = 0xffffffff;
const FLAG_UTF8 = 0x0800, FLAG_DESCRIPTOR = 0x0008;
const DOS_DATE_1980_01_01 = 0x0021;
const utf8 = new TextEncoder();

interface Written {
  name: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

class Bytes {
  readonly buf: Uint8Array;
  readonly view: DataView;
  private p = 0;
  constructor(n: number) {
    this.buf = new Uint8Array(n);
    this.view = new DataView(this.buf.buffer);
  }
  u16(v: number): this { this.view.setUint16(this.p, v, true); this.p += 2; return this; }
  u32(v: number): this { this.view.setUint32(this.p, v >>> 0, true); this.p += 4; return this; }
  u64(v: number): this { this.view.setBigUint64(this.p, BigInt(v), true); this.p += 8; return this; }
  bytes(b: Uint8Array): this { this.buf.set(b, this.p); this.p += b.length; return this; }
  fill(v: number, n: number): this { this.buf.fill(v, this.p, this.p + n); this.p += n; return this; }
}

function localHeader(e: Written, zip64: boolean, align: number): Uint8Array {
  const z64Len = zip64 ? 20 : 0;
  let pad = 0;
  if (align > 1) {
    const before = e.offset + 30 + e.name.length + z64Len + 4;
    pad = (align - (before % align)) % align;
  }
  const extraLen = z64Len + (align > 1 ? 4 + pad : 0);
  const h = new Bytes(30 + e.name.length + extraLen)
    .u32(LFH).u16(zip64 ? 45 : 20).u16(e.flags).u16(e.method).u16(0).u16(DOS_DATE_1980_01_01)
    .u32(e.flags & FLAG_DESCRIPTOR ? 0 : e.crc)
    .u32(zip64 ? U32_MAX : e.compressedSize).u32(zip64 ? U32_MAX : e.size)
    .u16(e.name.length).u16(extraLen).bytes(e.name);
  if (zip64) h.u16(0x0001).u16(16).u64(e.size).u64(e.compressedSize);
  if (align > 1) h.u16(0x4246).u16(pad).fill(0x5a, pad);
  return h.buf;
}

function descriptor(e: Written, zip64: boolean): Uint8Array {
  const d = new Bytes(zip64 ? 24 : 16).u32(DESC).u32(e.crc);
  return (zip64 ? d.u64(e.compressedSize).u64(e.size) : d.u32(e.compressedSize).u32(e.size)).buf;
}

function centralHeader(e: Written): Uint8Array {
  const big = [e.size >= U32_MAX, e.compressedSize >= U32_MAX, e.offset >= U32_MAX];
  const n = big.filter(Boolean).length;
  const zip64 = n > 0;
  const h = new Bytes(46 + e.name.length + (zip64 ? 4 + 8 * n : 0))
    .u32(CDH).u16(zip64 ? 45 : 20).u16(zip64 ? 45 : 20).u16(e.flags).u16(e.method).u16(0).u16(DOS_DATE_1980_01_01).u32(e.crc)
    .u32(big[1] ? U32_MAX : e.compressedSize).u32(big[0] ? U32_MAX : e.size)
    .u16(e.name.length).u16(zip64 ? 4 + 8 * n : 0).u16(0).u16(0).u16(0).u32(0)
    .u32(big[2] ? U32_MAX : e.offset).bytes(e.name);
  if (zip64) {
    h.u16(0x0001).u16(8 * n);
    if (big[0]) h.u64(e.size);
    if (big[1]) h.u64(e.compressedSize);
    if (big[2]) h.u64(e.offset);
  }
  return h.buf;
}

function endRecords(count: number, cdOffset: number, cdSize: number): Uint8Array {
  const zip64 = count >= 0xffff || cdOffset >= U32_MAX || cdSize >= U32_MAX;
  const out = new Bytes((zip64 ? 56 + 20 : 0) + 22);
  if (zip64) {
    out.u32(EOCD64).u64(44).u16(45).u16(45).u32(0).u32(0).u64(count).u64(count).u64(cdSize).u64(cdOffset);
    out.u32(EOCD64_LOC).u32(0).u64(cdOffset + cdSize).u32(1);
  }
  out.u32(EOCD).u16(0).u16(0)
    .u16(zip64 ? 0xffff : count).u16(zip64 ? 0xffff : count)
    .u32(zip64 ? U32_MAX : cdSize).u32(zip64 ? U32_MAX : cdOffset).u16(0);
  return out.buf;
}

/** The archive as a sequence of parts: local header, data chunks, descriptor, …, directory, end. */
export async function* zipParts(entries: Iterable<ZipWriteEntry> | AsyncIterable<ZipWriteEntry>, opts: ZipWriteOptions = {}): AsyncGenerator<Uint8Array> {
  const align = opts.align ?? 0;
  const written: Written[] = [];
  let offset = 0;
  for await (const entry of entries) {
    throwIfAborted(opts.signal);
    const whole = entry.data instanceof Uint8Array ? entry.data : undefined;
    if (whole && whole.length !== entry.size) throw new FormatError(`zip entry "${entry.name}": ${whole.length} bytes given for a size of ${entry.size}`);
    const known = entry.copied ?? (whole ? { method: 0, crc32: crc32(whole), uncompressedSize: whole.length } : undefined);
    const e: Written = {
      name: utf8.encode(entry.name), flags: FLAG_UTF8 | (known ? 0 : FLAG_DESCRIPTOR), method: known?.method ?? 0,
      crc: known?.crc32 ?? 0, compressedSize: entry.size, size: known?.uncompressedSize ?? entry.size, offset,
    };
    const zip64 = e.size >= U32_MAX || e.compressedSize >= U32_MAX;
    const header = localHeader(e, zip64, align);
    yield header;
    offset += header.length;
    if (whole) {
      if (whole.length) yield whole;
    } else {
      let got = 0, crc = 0;
      for await (const chunk of (entry.data as () => AsyncIterable<Uint8Array>)()) {
        throwIfAborted(opts.signal);
        got += chunk.length;
        if (got > entry.size) throw new FormatError(`zip entry "${entry.name}": more than its ${entry.size} bytes were given`);
        if (!known) crc = crc32Update(crc, chunk);
        if (chunk.length) yield chunk;
      }
      if (got !== entry.size) throw new FormatError(`zip entry "${entry.name}": ${got} bytes given for a size of ${entry.size}`);
      if (!known) e.crc = crc;
    }
    offset += entry.size;
    if (e.flags & FLAG_DESCRIPTOR) {
      const d = descriptor(e, zip64);
      yield d;
      offset += d.length;
    }
    written.push(e);
  }
  const cdOffset = offset;
  let cdSize = 0;
  for (const e of written) {
    const h = centralHeader(e);
    cdSize += h.length;
    yield h;
  }
  yield endRecords(written.length, cdOffset, cdSize);
}
