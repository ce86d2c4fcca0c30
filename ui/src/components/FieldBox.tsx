import type { ReactNode } from "react";
import type { Field } from "../lib/bindings";

/** A labelled form field with its translated error (id `err-<field>`) or a hint. */
export function FieldBox({ f, label, error, hint, children }: { f: Field | string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={"field" + (error ? " invalid" : "")}>
      <label htmlFor={`f-${f}`}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`err-${f}`} role="alert">
          {error}
        </span>
      ) : (
        hint && (
          <span className="hint" id={`hint-${f}`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}
