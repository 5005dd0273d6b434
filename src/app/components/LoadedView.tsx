import { useMemo } from 'react';
import type { LoadedSlot, SlotId } from '../store/types';
import { docNotices } from '../lib/notices';
import { Summary } from './Summary';
import { LayerTree } from './LayerTree';
import { DetailsPanel } from './DetailsPanel';
import { SafetyBanner } from './SafetyBanner';
import { ArchitectureNotice } from './ArchitectureNotice';
import { CodeBox } from './CodeBox';
import { useViewPrefs } from '../store/viewPrefs';

/** A slot with a document: notices, summary, layer tree and the details of the selected tensor or layer. */
export function LoadedView({ slot, state }: { slot: SlotId; state: LoadedSlot }) {
  const { doc } = state;
  const byName = useMemo(() => new Map(doc.tensors.map((t) => [t.name, t])), [doc]);
  const notices = useMemo(() => docNotices(doc), [doc]);
  const dangerous = doc.safety && doc.safety.dangerous.length > 0 ? doc.safety : null;
  const hasNotices = !!dangerous || notices.architectureAbsent || !!state.architecture || notices.code.length > 0;
  const expanded = useViewPrefs((s) => !!s.expanded[slot]);
  return (
    <div className={`loaded${expanded ? ' is-view-expanded' : ''}`}>
      {hasNotices && (
        <div className="slot-notices">
          {dangerous && <SafetyBanner safety={dangerous} />}
          <ArchitectureNotice slot={slot} absent={notices.architectureAbsent} op={state.architecture} />
          <CodeBox items={notices.code} />
        </div>
      )}
      <Summary doc={doc} warnings={notices.warnings} architectureFile={state.architectureFile} />
      <div className="workbench">
        <LayerTree slot={slot} doc={doc} byName={byName} selection={state.selection} />
        <DetailsPanel slot={slot} state={state} byName={byName} />
      </div>
    </div>
  );
}
