/**
 * A tensor as a .npy file, as stored or in the other framework's layout. The permutation moves
 * raw elements as unsigned integers of the element's width, so every dtype (NaN payloads, bfloat16,
 * 64-bit integers, complex pairs) comes through bit-exact.
 */
import { DTYPE_SIZE } from '../../core/model/dtype';
import type { TensorInfo } from '../../core/model/types';
import { encodeNpy } from '../../core/viz/npy';
import { permute } from '../../core/viz/permute';
import { displayed } from '../display';
import type { LayoutChoice } from '../viewTypes';

export function tensorToNpy(info: TensorInfo, bytes: Uint8Array, layout: LayoutChoice): Uint8Array {
  const d = displayed(info.shape, info.layout, layout);
  if (!d.perm) return encodeNpy(info.dtype, info.shape, bytes);
  return encodeNpy(info.dtype, d.shape, permuteBytes(bytes, info.shape, d.perm, DTYPE_SIZE[info.dtype]));
}

function permuteBytes(bytes: Uint8Array, shape: number[], perm: number[], size: number): Uint8Array {
  const own = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset, byteLength } = own;
  if (size === 1) return permute(own, shape, perm);
  if (size === 2) return asBytes(permute(new Uint16Array(buffer, byteOffset, byteLength / 2), shape, perm));
  // 8- and 16-byte elements: an extra trailing axis of 32-bit words that stays in place.
  const words = size / 4;
  const wshape = words === 1 ? shape : [...shape, words];
  const wperm = words === 1 ? perm : [...perm, perm.length];
  return asBytes(permute(new Uint32Array(buffer, byteOffset, byteLength / 4), wshape, wperm));
}

const asBytes = (a: Uint16Array | Uint32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
