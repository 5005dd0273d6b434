import type { LayoutChoice } from '../../../workers/viewTypes';

interface Props {
  stored: string;
  other: string;
  value: LayoutChoice;
  onChange(l: LayoutChoice): void;
}

/** As the framework stores it, or in the other framework's layout (OIHW ↔ HWIO, (out,in) ↔ (in,out)). */
export function LayoutToggle({ stored, other, value, onChange }: Props) {
  return (
    <div className="seg seg-sm" role="radiogroup" aria-label="Layout" data-testid="layout-toggle" data-value={value}>
      <button type="button" role="radio" aria-checked={value === 'stored'} className={`seg-btn mono${value === 'stored' ? ' is-on' : ''}`}
        data-testid="layout-stored" title="as the file stores it" onClick={() => onChange('stored')}>{stored}</button>
      <button type="button" role="radio" aria-checked={value === 'other'} className={`seg-btn mono${value === 'other' ? ' is-on' : ''}`}
        data-testid="layout-other" title="in the other framework's layout" onClick={() => onChange('other')}>{other}</button>
    </div>
  );
}
