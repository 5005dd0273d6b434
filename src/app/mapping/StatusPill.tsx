import type { ItemStatus } from './rows';

export const STATUS_LABEL: Record<ItemStatus, string> = {
  ok: 'ok', 'needs-attention': 'needs attention', incompatible: 'incompatible',
  unmapped: 'unmapped', weightless: 'no weights', missing: 'not in file',
};

/** A pair's, a layer's or the whole mapping's status in words, in its colour. */
export function StatusPill({ status, testId }: { status: ItemStatus; testId?: string }) {
  return <span className={`map-pill is-${status}`} data-testid={testId} data-status={status}>{STATUS_LABEL[status]}</span>;
}
