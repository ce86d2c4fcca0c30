import type { DocumentFile, UiError } from "../../lib/bindings";
import { SignAndVerify } from "./SignAndVerify";

/** Under a document form: why it was refused, or the file written, to sign and verify. */
export function Written({ idPrefix, error, written }: { idPrefix: string; error: UiError | null; written: DocumentFile | null }) {
  return (
    <>
      {error && (
        <p id={`${idPrefix}-error`} className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {written && (
        <>
          <p id={`${idPrefix}-written`}>{written.message}</p>
          <SignAndVerify key={written.path} path={written.path} idPrefix={idPrefix} />
        </>
      )}
    </>
  );
}
