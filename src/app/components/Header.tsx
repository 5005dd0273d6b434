import type { ReactNode } from 'react';

/** The app bar; `children` (the view switch) sit between the brand and the tagline. */
export function Header({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" />
          <path d="M7 21h18M9 21V12m7 9V9m7 12v-7" />
        </svg>
        <h1>Weightbridge</h1>
      </div>
      {children}
      <p className="tagline" data-testid="tagline">
        Look inside PyTorch and Keras model files — layers, tensors, statistics. Files are read in this tab and never uploaded.
      </p>
    </header>
  );
}
