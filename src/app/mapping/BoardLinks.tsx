import { memo } from 'react';
import type { BoardLink } from './rows';

interface Props {
  links: BoardLink[];
  width: number;
  height: number;
  /** the visible band [top, bottom] in board coordinates: links wholly outside are not drawn */
  top: number;
  bottom: number;
  selectedId: string | null;
  onSelect(id: string): void;
}

function pathOf(l: BoardLink, w: number): string {
  if (l.ya === l.yb) return `M0,${l.ya} H${w}`;
  return `M0,${l.ya} C${w * 0.55},${l.ya} ${w * 0.45},${l.yb} ${w},${l.yb}`;
}

/** The lines between paired layers, coloured by the pair's status; the selected pair's is drawn last and thicker. */
export const BoardLinks = memo(function BoardLinks({ links, width, height, top, bottom, selectedId, onSelect }: Props) {
  const shown = links.filter((l) => Math.max(l.ya, l.yb) >= top && Math.min(l.ya, l.yb) <= bottom);
  shown.sort((x, y) => Number(x.id === selectedId) - Number(y.id === selectedId));
  return (
    <svg className="map-links" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      {shown.map((l) => {
        const d = pathOf(l, width);
        return (
          <g
            key={l.id}
            className={`map-link is-${l.status}${l.id === selectedId ? ' is-selected' : ''}${l.straight ? '' : ' is-crossing'}`}
            data-testid="map-link"
            data-id={l.id}
            data-status={l.status}
            onClick={() => onSelect(l.id)}
          >
            {/* A straight line's box has no height: a band keeps it easy to hit (and visible to tests). */}
            {l.ya === l.yb ? <rect className="map-link-band" x={0} y={l.ya - 6} width={width} height={12} /> : <path className="map-link-hit" d={d} />}
            <path className="map-link-line" d={d} />
          </g>
        );
      })}
    </svg>
  );
});
