import type { ReactNode } from 'react';
import type { LayoutChoice, Reduce } from '../../../workers/viewTypes';
import { useViewPrefs } from '../../store/viewPrefs';
import type { Tab } from '../../viz/viewModes';
import { ColorControls } from './ColorControls';
import { LayoutToggle } from './LayoutToggle';

interface Props {
  mode: Tab;
  /** the view draws values in colour or as a line (not a histogram, not colour images) */
  plotted: boolean;
  /** the tensor can be larger than the plot: offer the block reduction */
  reducible: boolean;
  stored: string;
  other?: string;
  layout: LayoutChoice;
  domain: [number, number] | null;
  manual?: [number, number];
  onLayout(l: LayoutChoice): void;
  onManual(d: [number, number] | undefined): void;
  /** the mode's own controls (kernel filter, colour images), on the same row */
  children?: ReactNode;
}

/** The second row of the view: colours and domain, layout, block reduction, log counts. */
export function ViewControls({ mode, plotted, reducible, stored, other, layout, domain, manual, onLayout, onManual, children }: Props) {
  const { reduce, logCount, set } = useViewPrefs();
  const colours = plotted && mode !== 'vector';
  return (
    <div className="view-controls" data-testid="view-controls">
      {colours && <ColorControls domain={domain} manual={manual} onManual={onManual} />}
      {other && plotted && (
        <span className="ctl">
          <span className="ctl-label">Layout</span>
          <LayoutToggle stored={stored} other={other} value={layout} onChange={onLayout} />
        </span>
      )}
      {plotted && reducible && (
        <label className="ctl" title="how a block of values becomes one cell when the tensor is larger than the plot">
          <span className="ctl-label">Blocks</span>
          <select className="select-sm" data-testid="reduce" value={reduce} onChange={(e) => set({ reduce: e.target.value as Reduce })}>
            <option value="maxabs">max |value|</option>
            <option value="mean">mean</option>
          </select>
        </label>
      )}
      {children}
      {mode === 'histogram' && (
        <label className="ctl check">
          <input type="checkbox" data-testid="log-count" checked={logCount} onChange={(e) => set({ logCount: e.target.checked })} />
          <span>log count</span>
        </label>
      )}
    </div>
  );
}
