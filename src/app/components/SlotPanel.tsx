import { useCallback, useRef, type ChangeEvent } from 'react';
import { useSlots } from '../store/slotsStore';
import type { SlotId } from '../store/types';
import { useFileDrop } from './useFileDrop';
import { EmptySlotView } from './EmptySlotView';
import { OpeningView } from './OpeningView';
import { ErrorView } from './ErrorView';
import { LoadedView } from './LoadedView';
import { SlotHeader } from './SlotHeader';
import { architectureOf, isArchitectureJson } from '../lib/architecture';

const other = (s: SlotId): SlotId => (s === 'left' ? 'right' : 'left');

/** One model slot: a drop target whose body depends on its state. */
export function SlotPanel({ slot }: { slot: SlotId }) {
  const state = useSlots((s) => s.slots[slot]);
  const openFile = useSlots((s) => s.openFile);
  const applyArchitecture = useSlots((s) => s.applyArchitecture);
  const inputRef = useRef<HTMLInputElement>(null);

  const onFiles = useCallback((files: File[]) => {
    // A model JSON completes a weights-only Keras file: alone it goes to the slot's document,
    // dropped together with a weights file it is applied once that file is open.
    const json = files.find(isArchitectureJson);
    const models = files.filter((f) => !isArchitectureJson(f));
    if (models.length === 0) {
      if (json) applyArchitecture(slot, json);
      return;
    }
    openFile(slot, models[0], json);
    // Two model files dropped at once: the second goes to the other slot when it is free.
    const o = other(slot);
    if (models[1] && useSlots.getState().slots[o].status === 'empty') openFile(o, models[1]);
  }, [openFile, applyArchitecture, slot]);

  const { dragging, handlers } = useFileDrop(onFiles);
  const wantsJson = state.status === 'loaded' && architectureOf(state.doc) === 'absent';
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
        {state.status === 'empty' && <EmptySlotView slot={slot} notice={state.notice} onPick={pick} />}
        {state.status === 'opening' && <OpeningView slot={slot} state={state} />}
        {state.status === 'error' && <ErrorView slot={slot} state={state} onPick={pick} />}
        {state.status === 'loaded' && <LoadedView key={state.openId} slot={slot} state={state} />}
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {wantsJson ? 'Drop the architecture JSON to fill in this model — or a model file to open it' : `Drop to open in the ${slot} slot`}
        </div>
      )}
    </section>
  );
}
