import { useMapping } from './mappingStore';

/** The outcome of an import or an edit that failed, until dismissed or replaced. */
export function NoticeBar() {
  const notice = useMapping((s) => s.notice);
  const dismiss = useMapping((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className={`map-notice is-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="map-notice" data-tone={notice.tone}>
      <span className="map-notice-text" data-testid="map-notice-text">{notice.text}</span>
      <button type="button" className="btn btn-ghost btn-sm" onClick={dismiss} aria-label="Dismiss">Dismiss</button>
    </div>
  );
}
