import { useEffect, useRef, useState } from 'react';
import { slotClient } from '../../store/slotsStore';
import type { SlotId } from '../../store/types';
import { failureOf } from '../../../workers/client';
import type { ViewRequest, ViewResult } from '../../../workers/viewTypes';

interface Settled { key: string; name?: string; view?: ViewResult; error?: string; startedAt: number; receivedAt: number }

export interface TensorViewState {
  /** the last view received (kept while the next one computes, so the plot never blanks) */
  view?: ViewResult;
  /** the tensor that view shows (the previous tensor's, until the new one's arrives) */
  viewOf?: string;
  error?: string;
  loading: boolean;
  startedAt: number;
  receivedAt: number;
}

/** Quick successive changes of one view (slider drags, zooms) wait this long for the next. */
const SETTLE_MS = 40;

/**
 * Asks the slot's worker for a view whenever the request changes; answers to superseded
 * requests are dropped, so a slow view of a big tensor never overwrites a newer one.
 */
export function useTensorView(slot: SlotId, name: string, request: ViewRequest | null): TensorViewState {
  const key = request ? JSON.stringify(request) : '';
  const [state, setState] = useState<Settled>({ key: '', startedAt: 0, receivedAt: 0 });
  const last = useRef<string | null>(null);

  useEffect(() => {
    // The request by value: a new object with the same fields (a colour change) is no new request.
    if (!key) return;
    const request = JSON.parse(key) as ViewRequest;
    let stale = false;
    const what = `${name}|${request.mode}|${request.layout}`;
    const same = last.current === what;
    last.current = what;
    const timer = setTimeout(() => {
      const startedAt = performance.now();
      const client = slotClient(slot);
      if (!client) { setState({ key, error: 'the reader of this slot is gone: open the file again', startedAt, receivedAt: startedAt }); return; }
      client.tensorView(name, request).then(
        (view) => { if (!stale) setState({ key, name, view, startedAt, receivedAt: performance.now() }); },
        (err: unknown) => { if (!stale) setState({ key, error: failureOf(err).message, startedAt, receivedAt: performance.now() }); },
      );
    }, same ? SETTLE_MS : 0);
    return () => { stale = true; clearTimeout(timer); };
  }, [slot, name, key]);

  const settled = state.key === key;
  return {
    view: state.view,
    viewOf: state.name,
    error: settled ? state.error : undefined,
    loading: !settled,
    startedAt: state.startedAt,
    receivedAt: state.receivedAt,
  };
}
