import { useEffect, useState, type RefObject } from 'react';

/** An element's width, kept current by a ResizeObserver (floored to 8 px: no redraw per pixel of a drag, never wider than the box). */
export function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.floor(e.contentRect.width / 8) * 8));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
