/**
 * How the user likes plots drawn: colour map, colour domain, block reduction, log counts. Shared by
 * both slots and kept while tensors change, so two models compare in the same colours.
 */
import { create } from 'zustand';
import type { ColormapId, DomainMode } from '../viz/colormaps';
import type { Reduce } from '../../workers/viewTypes';
import type { SlotId } from './types';

export interface ViewPrefs {
  cmap: ColormapId;
  domain: DomainMode;
  /** percent clipped at each end when domain is 'clip' */
  clipPercent: number;
  reduce: Reduce;
  logCount: boolean;
  /** slots whose view takes the whole slot (summary hidden, tree small) */
  expanded: Partial<Record<SlotId, boolean>>;
  toggleExpanded(slot: SlotId): void;
  set(patch: Partial<Omit<ViewPrefs, 'set' | 'toggleExpanded'>>): void;
}

export const useViewPrefs = create<ViewPrefs>()((set) => ({
  cmap: 'rdbu',
  domain: 'auto',
  clipPercent: 1,
  reduce: 'maxabs',
  logCount: false,
  expanded: {},
  toggleExpanded: (slot) => set((s) => ({ expanded: { ...s.expanded, [slot]: !s.expanded[slot] } })),
  set: (patch) => set(patch),
}));
