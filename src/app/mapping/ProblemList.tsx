import type { Problem } from '../../core/mapping/types';
import { Ticks } from './Ticks';
import { FlattenQuestion } from './FlattenQuestion';

const TAG: Record<Problem['severity'], string> = { error: 'incompatible', attention: 'check', info: 'note' };

/** The core words a question for the CLI too ("answer with options.flatten…"): here the form below is the answer. */
const withoutCliHint = (m: string): string => m.replace(/;\s*answer with options\.[\s\S]*$/, '.');

/** A pair's problems, worst first; a question the mapping assumed an answer to can be answered here. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  if (!problems.length) return <p className="map-clean" data-testid="pair-no-problems">No problems: shapes and hyper-parameters agree.</p>;
  const order = { error: 0, attention: 1, info: 2 } as const;
  const sorted = [...problems].sort((x, y) => order[x.severity] - order[y.severity]);
  return (
    <ul className="map-problems" data-testid="pair-problems">
      {sorted.map((p, i) => (
        <li key={i} className={`map-problem is-${p.severity}`} data-testid="pair-problem" data-code={p.code} data-severity={p.severity}>
          <span className="map-problem-tag">{TAG[p.severity]}</span>
          <span className="map-problem-text"><Ticks text={p.question ? withoutCliHint(p.message) : p.message} /></span>
          {p.question?.option === 'flatten' && <FlattenQuestion question={p.question} />}
        </li>
      ))}
    </ul>
  );
}
