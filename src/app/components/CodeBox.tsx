/** Code a file carries or needs (Keras Lambda bytecode, custom classes, module sources): shown, never run. */
export function CodeBox({ items }: { items: string[] }) {
  if (items.length === 0) return null;
  return (
    <section className="code-box" role="note" data-testid="code-carried">
      <svg className="notice-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M8.5 7L4 12l4.5 5m7-10L20 12l-4.5 5" /></svg>
      <div className="notice-body">
        <p className="notice-title">Code this file carries or needs — shown, never run</p>
        <ul className="code-list">{items.map((w, i) => <li key={i} data-testid="code-carried-item">{w}</li>)}</ul>
      </div>
    </section>
  );
}
