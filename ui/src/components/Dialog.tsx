import type { ReactNode } from "react";

/** The dimmed layer a dialog sits on; Escape inside it closes the dialog if it may be closed. */
export function Dialog({ onClose, children }: { onClose?: () => void; children: ReactNode }) {
  return (
    <div className="overlay" onKeyDown={onClose && ((e) => e.key === "Escape" && onClose())}>
      {children}
    </div>
  );
}
