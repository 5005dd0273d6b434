/**
 * The permutation that shows a tensor in the other framework's layout, from its layout hint:
 * torch OIHW → Keras HWIO and back, (out,in) ↔ (in,out), and the 1-D/3-D conv variants.
 */
export interface LayoutSwap { perm: number[]; from: string; to: string }

const SWAPS: Record<string, LayoutSwap> = {
  OIW: { perm: [2, 1, 0], from: 'OIW', to: 'WIO' },
  OIHW: { perm: [2, 3, 1, 0], from: 'OIHW', to: 'HWIO' },
  OIDHW: { perm: [2, 3, 4, 1, 0], from: 'OIDHW', to: 'DHWIO' },
  WIO: { perm: [2, 1, 0], from: 'WIO', to: 'OIW' },
  HWIO: { perm: [3, 2, 0, 1], from: 'HWIO', to: 'OIHW' },
  DHWIO: { perm: [4, 3, 0, 1, 2], from: 'DHWIO', to: 'OIDHW' },
  IOHW: { perm: [2, 3, 1, 0], from: 'IOHW', to: 'HWOI' },
  HWOI: { perm: [3, 2, 0, 1], from: 'HWOI', to: 'IOHW' },
  '(out,in)': { perm: [1, 0], from: '(out,in)', to: '(in,out)' },
  '(in,out)': { perm: [1, 0], from: '(in,out)', to: '(out,in)' },
};

export function otherLayout(layout: string, rank: number): LayoutSwap | undefined {
  const s = SWAPS[layout];
  return s && s.perm.length === rank ? s : undefined;
}

/** Axis letters of a layout hint, for labelling plot axes ('OIHW' → ['O','I','H','W']). */
export function axisNames(layout: string, rank: number): string[] {
  const m = /^\((\w+),(\w+)\)$/.exec(layout);
  if (m && rank === 2) return [m[1], m[2]];
  if (/^[A-Z]+$/.test(layout) && layout.length === rank) return layout.split('');
  return Array.from({ length: rank }, (_, i) => `axis ${i}`);
}
