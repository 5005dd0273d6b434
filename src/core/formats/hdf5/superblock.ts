import { FormatError } from '../../model/errors';

const MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]; // \x89HDF\r\n\x1a\n

/** HDF5 allows a user block before the superblock: the signature may sit at 0 or any power of two from 512. */
export const SIGNATURE_OFFSETS = [0, 512, 1024, 2048];

export function hasSignatureAt(bytes: Uint8Array, offset: number): boolean {
  if (offset + MAGIC.length > bytes.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[offset + i] !== MAGIC[i]) return false;
  return true;
}

/** Offset of the HDF5 signature within the first bytes of a file, or -1. */
export function findSignature(head: Uint8Array): number {
  for (const o of SIGNATURE_OFFSETS) if (hasSignatureAt(head, o)) return o;
  return -1;
}

export interface SuperblockFacts {
  version: number;
  signatureOffset: number;
  /** Bytes the file must have according to its superblock (its end-of-file address). */
  expectedSize?: number;
  /** Sizes of address and length fields (2, 4 or 8) and the base address: the heap checks need them. */
  offsetSize: number;
  lengthSize: number;
  baseAddress: number;
  /** First byte after the superblock (structures must not overlap it). */
  end: number;
}

function readAddress(v: DataView, at: number, size: number): number | undefined {
  if (at + size > v.byteLength) return undefined;
  let value = 0;
  let allOnes = true;
  for (let i = size - 1; i >= 0; i--) {
    const b = v.getUint8(at + i);
    if (b !== 0xff) allOnes = false;
    value = value * 256 + b;
  }
  return allOnes ? undefined : value; // all ones is HDF5's "undefined address"
}

/**
 * Reads the superblock fields we can check cheaply, so a cut-short download or a damaged header
 * gets a plain message before the HDF5 library is involved at all.
 * `bytes` starts at the signature and holds at least the first 64 bytes of the superblock.
 */
export function checkSuperblock(bytes: Uint8Array, signatureOffset: number, fileSize: number): SuperblockFacts {
  if (!hasSignatureAt(bytes, 0)) throw new FormatError('not an HDF5 file (no HDF5 signature)');
  if (bytes.length < 16) throw new FormatError('truncated HDF5 file: the superblock is cut short');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = v.getUint8(8);
  if (version > 3) throw new FormatError(`corrupt or unsupported HDF5 superblock (version ${version}; versions 0–3 exist)`);
  const offsetSize = version < 2 ? v.getUint8(13) : v.getUint8(9);
  const lengthSize = version < 2 ? v.getUint8(14) : v.getUint8(10);
  if (![2, 4, 8].includes(offsetSize) || ![2, 4, 8].includes(lengthSize)) {
    throw new FormatError(`corrupt HDF5 superblock (address size ${offsetSize}, length size ${lengthSize})`);
  }
  const addressesAt = version === 0 ? 24 : version === 1 ? 28 : 12;
  // The library compares the stored end-of-file address with the real file size as an absolute
  // offset (H5F__super_read), so we do the same; the base address only matters for user blocks.
  const eof = readAddress(v, addressesAt + 2 * offsetSize, offsetSize);
  const baseAddress = readAddress(v, addressesAt, offsetSize) ?? 0;
  // v0/v1: fixed fields, four addresses and the root symbol table entry; v2/v3: three addresses and a checksum.
  const end = signatureOffset + (version < 2 ? addressesAt + 4 * offsetSize + (2 * offsetSize + 24) : 12 + 4 * offsetSize + 4);
  const facts: SuperblockFacts = { version, signatureOffset, offsetSize, lengthSize, baseAddress, end };
  if (eof !== undefined) {
    if (eof > Number.MAX_SAFE_INTEGER) throw new FormatError('corrupt HDF5 superblock (its end-of-file address is impossibly large)');
    facts.expectedSize = eof;
    if (facts.expectedSize > fileSize) {
      throw new FormatError(
        `truncated HDF5 file: it has ${fileSize} bytes but its superblock says ${facts.expectedSize} ` +
        '(the download or copy was cut short)',
      );
    }
  }
  return facts;
}
