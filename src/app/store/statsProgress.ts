/**
 * How far the statistics of big tensors have got, apart from the slots store: a progress tick then
 * re-renders the stats area only, not the slot's tree and panels.
 */
import { create } from 'zustand';
import type { SlotId } from './types';

interface StatsProgressStore {
  /** fraction done (0–1) by `progressKey` */
  fractions: Record<string, number>;
  setFraction(key: string, fraction: number): void;
  clear(key: string): void;
  clearSlot(slot: SlotId): void;
}

export const progressKey = (slot: SlotId, openId: number, tensor: string): string => `${slot}|${openId}|${tensor}`;

export const useStatsProgress = create<StatsProgressStore>()((set) => ({
  fractions: {},
  setFraction: (key, fraction) => set((s) => ({ fractions: { ...s.fractions, [key]: fraction } })),
  clear: (key) => set((s) => {
    if (!(key in s.fractions)) return s;
    const { [key]: _gone, ...rest } = s.fractions;
    return { fractions: rest };
  }),
  clearSlot: (slot) => set((s) => ({
    fractions: Object.fromEntries(Object.entries(s.fractions).filter(([k]) => !k.startsWith(`${slot}|`))),
  })),
}));
