import { useState, type FormEvent } from 'react';
import type { Question } from '../../core/mapping/types';
import { useMapping } from './mappingStore';

/**
 * Answers "is this Linear/Dense fed by a flattened C×H×W map?": the kernel rows are permuted
 * only for such input, and only C and H·W decide how. The answer re-checks the mapping (remap).
 */
export function FlattenQuestion({ question }: { question: Question }) {
  const answer = useMapping((s) => s.answerFlatten);
  const busy = useMapping((s) => s.busy);
  const assumed = question.assumed === 'none' ? null : question.assumed;
  const side = assumed ? Math.round(Math.sqrt(assumed.spatial.reduce((a, b) => a * b, 1))) : 1;
  const square = assumed && side * side === assumed.spatial.reduce((a, b) => a * b, 1);
  const [c, setC] = useState(String(assumed?.channels ?? ''));
  const [h, setH] = useState(String(assumed?.spatial.length === 2 ? assumed.spatial[0] : square ? side : ''));
  const [w, setW] = useState(String(assumed?.spatial.length === 2 ? assumed.spatial[1] : square ? side : ''));
  const nums = [c, h, w].map((v) => Number(v));
  const valid = nums.every((n) => Number.isInteger(n) && n > 0);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (valid) answer(question.layer, { channels: nums[0], spatial: [nums[1], nums[2]] });
  };
  const field = (label: string, value: string, set: (v: string) => void, id: string) => (
    <label className="map-q-field">{label}<input className="filter" inputMode="numeric" value={value} onChange={(e) => set(e.target.value)} data-testid={`flatten-${id}`} /></label>
  );
  return (
    <form className="map-question" onSubmit={submit} data-testid="flatten-question" data-layer={question.layer}>
      <span className="map-q-label">Input is the flattened map</span>
      {field('C', c, setC, 'c')}{field('H', h, setH, 'h')}{field('W', w, setW, 'w')}
      <button type="submit" className="btn btn-sm btn-primary" disabled={!valid || busy} data-testid="flatten-apply">Use C×H×W</button>
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => answer(question.layer, 'none')} data-testid="flatten-none">Not flattened</button>
    </form>
  );
}
