import { inflateSync } from 'fflate';
import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import { FormatError } from '../../model/errors';
import { MAX_DEFLATE_RATIO, MAX_ZIP_DIRECTORY_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, shownName } from '../limits';

/**
 * A zip central-directory reader over a ByteSource. We read the directory ourselves (rather than
 * with a zip library) because torch tensors are STORED entries read as byte ranges straight from
 * the Blob: we need each entry's exact data offset, with ZIP64, without reading the entries.
 */
export interface ZipEntry {
  name: string;
  method: number;            // 0 stored, 8 deflate
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  crc32: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  byName: Map<string, ZipEntry>;
  zip64: boolean;
  comment: string;
}

const EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOC = 0x07064b50, CDH = 0x02014b50, LFH = 0x04034b50;
const utf8 = new TextDecoder('utf-8');

export function isZipMagic(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

function u64(v: DataView, o: number): number {
  const big = v.getBigUint64(o, true);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError('zip: a 64-bit size or offset is too large to be real');
  return Number(big);
}

async function findEndRecord(src: ByteSource, tailLen: number): Promise<{ tail: Uint8Array; tv: DataView; eocd: number } | undefined> {
  const tail = await readExact(src, src.size - tailLen, tailLen);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    // The record's comment must end exactly at the end of the file, which rules out the same
    // four bytes occurring by chance inside tensor data or a comment.
    if (tv.getUint32(i, true) === EOCD && i + 22 + tv.getUint16(i + 20, true) === tail.length) return { tail, tv, eocd: i };
  }
  return undefined;
}

export async function readZipDirectory(src: ByteSource): Promise<ZipDirectory> {
  if (src.size < 22) throw new FormatError('truncated zip: the file is too short to hold a zip directory');
  // Most zips (torch's, Keras's) have no comment, so the end record sits in the last bytes: look
  // there first and only scan the 64 KiB a comment could take when that fails.
  let found = await findEndRecord(src, Math.min(src.size, 1024));
  if (!found && src.size > 1024) found = await findEndRecord(src, Math.min(src.size, 22 + 0xffff + 20));
  if (!found) throw new FormatError('truncated zip: the end-of-directory record is missing (was the download cut short?)');
  const { tail, tv, eocd } = found;
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  const commentLen = tv.getUint16(eocd + 20, true);
  const comment = utf8.decode(tail.subarray(eocd + 22, eocd + 22 + commentLen));
  let zip64 = false;
  if (eocd >= 20 && tv.getUint32(eocd - 20, true) === EOCD64_LOC) {
    const recOffset = u64(tv, eocd - 20 + 8);
    const rec = await readExact(src, recOffset, 56).catch(() => {
      throw new FormatError('truncated zip: the ZIP64 end record points past the end of the file');
    });
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rv.getUint32(0, true) !== EOCD64) throw new FormatError('corrupt zip: bad ZIP64 end-of-directory record');
    count = u64(rv, 32);
    cdSize = u64(rv, 40);
    cdOffset = u64(rv, 48);
    zip64 = true;
  }
  if (count > MAX_ZIP_ENTRIES) throw new FormatError(`zip claims ${count} entries, more than the ${MAX_ZIP_ENTRIES} accepted`);
  if (cdSize > MAX_ZIP_DIRECTORY_BYTES) throw new FormatError(`zip directory claims ${cdSize} bytes, more than accepted`);
  if (cdOffset + cdSize > src.size) {
    throw new FormatError(`truncated zip: the directory needs bytes up to ${cdOffset + cdSize} but the file has ${src.size}`);
  }
  const cd = await readExact(src, cdOffset, cdSize);
  const entries = parseCentralDirectory(cd, count, src.size);
  return { entries, byName: new Map(entries.map((e) => [e.name, e])), zip64, comment };
}

function parseCentralDirectory(cd: Uint8Array, count: number, fileSize: number): ZipEntry[] {
  const v = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || v.getUint32(p, true) !== CDH) throw new FormatError(`corrupt zip: directory entry ${i} is damaged`);
    const method = v.getUint16(p + 10, true);
    const crc32 = v.getUint32(p + 16, true);
    let compressedSize = v.getUint32(p + 20, true);
    let size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true), extraLen = v.getUint16(p + 30, true), commentLen = v.getUint16(p + 32, true);
    let localHeaderOffset = v.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw new FormatError(`corrupt zip: directory entry ${i} runs past the directory`);
    // Bit 11 flags UTF-8; torch and Keras write ASCII names, so UTF-8 decoding is right either way.
    const name = utf8.decode(cd.subarray(p + 46, p + 46 + nameLen));
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = v.getUint16(x, true), len = v.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff) { size = u64(v, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(v, q); q += 8; }
        if (localHeaderOffset === 0xffffffff) { localHeaderOffset = u64(v, q); q += 8; }
      }
      x += 4 + len;
    }
    if (localHeaderOffset + 30 > fileSize || localHeaderOffset + compressedSize > fileSize) {
      throw new FormatError(`truncated zip: entry "${shownName(name)}" lies past the end of the file (${fileSize} bytes)`);
    }
    // A stored entry's bytes ARE its data: ranges are checked against `size`, so it must equal
    // the stored length or reads could run into the next entry.
    if (method === 0 && size !== compressedSize) {
      throw new FormatError(`corrupt zip: stored entry "${shownName(name)}" claims ${size} bytes but stores ${compressedSize}`);
    }
    entries.push({ name, method, compressedSize, size, localHeaderOffset, crc32 });
    p = xEnd + commentLen;
  }
  return entries;
}

/** Offset of an entry's data: the local header's own name/extra lengths can differ from the directory's. */
export async function entryDataOffset(src: ByteSource, e: ZipEntry): Promise<number> {
  const h = await readExact(src, e.localHeaderOffset, 30);
  const v = new DataView(h.buffer, h.byteOffset, 30);
  if (v.getUint32(0, true) !== LFH) throw new FormatError(`corrupt zip: local header of "${shownName(e.name)}" is damaged`);
  const start = e.localHeaderOffset + 30 + v.getUint16(26, true) + v.getUint16(28, true);
  if (start + e.compressedSize > src.size) throw new FormatError(`truncated zip: "${shownName(e.name)}" ends past the end of the file`);
  return start;
}

/** Reads a byte range of a STORED entry without touching the rest of it. */
export async function readStoredRange(src: ByteSource, e: ZipEntry, dataOffset: number, offset: number, length: number): Promise<Uint8Array> {
  if (e.method !== 0) throw new FormatError(`"${shownName(e.name)}" is compressed; byte ranges need a stored entry`);
  if (offset < 0 || offset + length > e.size) {
    throw new FormatError(`"${shownName(e.name)}" holds ${e.size} bytes but ${offset + length} were needed`);
  }
  return readExact(src, dataOffset + offset, length);
}

/** Reads a whole entry (inflating deflated ones). For small entries: pickles, configs, JSON. */
export async function readEntry(src: ByteSource, e: ZipEntry, maxBytes = MAX_ZIP_ENTRY_BYTES): Promise<Uint8Array> {
  if (e.size > maxBytes) throw new FormatError(`"${shownName(e.name)}" claims ${e.size} bytes, more than the ${maxBytes} accepted`);
  // The output buffer is allocated from the claimed size: refuse sizes deflate cannot produce
  // (a 1 KB entry claiming 900 MB) before allocating anything.
  if (e.method === 8 && e.size > e.compressedSize * MAX_DEFLATE_RATIO + 1024) {
    throw new FormatError(`corrupt zip: "${shownName(e.name)}" claims ${e.size} bytes inflated from ${e.compressedSize}, more than deflate can produce`);
  }
  const start = await entryDataOffset(src, e);
  const raw = await readExact(src, start, e.compressedSize);
  if (e.method === 0) return raw;
  if (e.method === 8) {
    try {
      const out = inflateSync(raw, { out: new Uint8Array(e.size) });
      if (out.length !== e.size) throw new Error('size mismatch');
      return out;
    } catch (err) {
      throw new FormatError(`corrupt zip: "${shownName(e.name)}" does not inflate (${(err as Error).message})`);
    }
  }
  throw new FormatError(`"${shownName(e.name)}" uses zip compression method ${e.method}, which is not supported`);
}

/** The single top folder torch writes everything under ('archive/', 'lenet5/', …), or ''. */
export function topFolder(entries: ZipEntry[]): string {
  const first = entries[0]?.name ?? '';
  const slash = first.indexOf('/');
  if (slash < 0) return '';
  const prefix = first.slice(0, slash + 1);
  return entries.every((e) => e.name.startsWith(prefix)) ? prefix : '';
}
