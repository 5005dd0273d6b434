/**
 * Sorts a document's warnings into what the slot shows in its own boxes (the pickle safety banner,
 * the missing-architecture notice, the box of code the file carries) and the rest, so nothing is said twice.
 */
import type { ModelDocView } from '../../core/model/types';
import { architectureOf } from './architecture';

export interface DocNotices {
  /** a weights-only Keras file whose architecture is missing */
  architectureAbsent: boolean;
  /** code the file carries or needs, shown and never run: Lambda bytecode, custom classes, module sources */
  code: string[];
  /** the warnings no box above already says */
  warnings: string[];
}

const CODE_WARNING = /^(Lambda layer "|custom (layer|model) class ")/;
const ARCHITECTURE_ABSENT = /^architecture absent:/;
/** The pickle readers' one-line version of the safety banner. */
const WOULD_RUN = /^torch\.load would run code from this file:/;

export function docNotices(doc: ModelDocView): DocNotices {
  const architectureAbsent = architectureOf(doc) === 'absent';
  const dangerous = (doc.safety?.dangerous.length ?? 0) > 0;
  const code = [...(doc.safety?.codeCarried ?? [])];
  const warnings: string[] = [];
  for (const w of doc.warnings) {
    if (CODE_WARNING.test(w)) code.push(w);
    else if (architectureAbsent && ARCHITECTURE_ABSENT.test(w)) continue;
    else if (dangerous && WOULD_RUN.test(w)) continue;
    else warnings.push(w);
  }
  return { architectureAbsent, code, warnings };
}
