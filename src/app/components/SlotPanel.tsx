import { useCallback, useRef, type ChangeEvent } from 'react';
import { useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import { useFileDrop } from './useFileDrop';
import { EmptySlotView } from './EmptySlotView';
import { OpeningView } from './OpeningView';
import { ErrorView } from './ErrorView';
import { LoadedView } from './LoadedView';
import { SlotHeader } from './SlotHeader';

const other = (s: SlotId): SlotId => (s === 'left' ? 'right' : 'left');

/** One model slot: a drop target whose body depends on its state. */
export function SlotPanel({ slot }: { slot: SlotId }) {
  const state = useSlots((s) => s.slots[slot]);
  const openFile = useSlots((s) => s.openFile);
  const inputRef = useRef<HTMLInputElement>(null);

  const onFiles = useCallback((files: File[]) => {
    openFile(slot, files[0]);
    // Two files dropped at once: the second goes to the other slot when it is free.
    const o = other(slot);
    if (files[1] && useSlots.getState().slots[o].status === 'empty') openFile(o, files[1]);
  }, [openFile, slot]);

  const { dragging, handlers } = useFileDrop(onFiles);
  const pick = useCallback(() => inputRef.current?.click(), []);
  const onInput = (e: ChangeEvent<HTMLInputElement>): void => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (files.length) onFiles(files);
  };

  return (
    <section
      className={`slot slot-${state.status}${dragging ? ' is-dragging' : ''}`}
      data-testid={`slot-${slot}`}
      data-status={state.status}
      aria-label={`${slot === 'left' ? 'Left' : 'Right'} model slot`}
      {...handlers}
    >
      <input ref={inputRef} type="file" hidden data-testid="file-input" onChange={onInput} />
      <SlotHeader slot={slot} state={state} onPick={pick} />
      <div className="slot-body">
        {state.status === 'empty' && <EmptySlotView slot={slot} onPick={pick} />}
        {state.status === 'opening' && <OpeningView slot={slot} state={state} />}
        {state.status === 'error' && <ErrorView slot={slot} state={state} onPick={pick} />}
        {state.status === 'loaded' && <LoadedView key={state.openId} slot={slot} state={state} />}
      </div>
      {dragging && <div className="drop-overlay" aria-hidden="true">Drop to open in the {slot} slot</div>}
    </section>
  );
}
