import { useEffect, useMemo, useState } from "react";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { ConflictField, ConflictView } from "../../lib/bindings";
import type { T } from "../../lib/i18n";
import { chooseAll, initialChoices, resolution, type Choices } from "../../lib/sync";

/** A value as a person reads it: closed lists by their names, never their codes. */
function shown(f: ConflictField, value: string, t: T): string {
  if (value === "") return "—";
  if (f.field === "channel") return t(`channel-${value}`);
  if (f.field === "failure_type") return t(`failure-${value}`);
  return value;
}

/** The conflicted records and, for the one chosen, its versions side by side. */
export function ConflictsScreen({ onBack }: { onBack: () => void }) {
  const { t } = useDesk();
  const list = useCommand("conflicts", {});
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const conflicts = list.data ?? [];
  const current = conflicts.find((c) => c.appeal_id === selected) ?? conflicts[0] ?? null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !(e.target instanceof HTMLInputElement && e.target.type !== "radio") && onBack();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);

  return (
    <main className="conflicts-page" id="conflicts-page">
      <div className="appeal-head">
        <button id="conflicts-back" onClick={onBack}>
          ← {t("back")} <kbd>Esc</kbd>
        </button>
        <h2>{t("ui-conflicts-title")}</h2>
      </div>
      {notice && (
        <p className="ok" id="conflicts-notice" role="status">
          {notice}
        </p>
      )}
      {list.error && (
        <p className="field-error banner" role="alert">
          {list.error.message}
        </p>
      )}
      {list.data && conflicts.length === 0 && (
        <p className="muted" id="conflicts-none">
          {t("ui-conflicts-none")}
        </p>
      )}
      {current && (
        <div className="conflicts-layout">
          <nav className="conflict-list" aria-label={t("ui-conflicts-title")}>
            <ul id="conflict-list">
              {conflicts.map((c) => (
                <li key={c.appeal_id}>
                  <button className={c.appeal_id === current.appeal_id ? "selected" : ""} data-number={c.number}
                    aria-current={c.appeal_id === current.appeal_id} onClick={() => setSelected(c.appeal_id)}>
                    {c.number}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <ConflictDetail key={current.appeal_id + current.versions.map((v) => v.version_id).join()} view={current}
            onResolved={(number) => {
              setSelected(null);
              setNotice(t("ui-conflicts-resolved", { number }));
            }} />
        </div>
      )}
    </main>
  );
}

function ConflictDetail({ view, onResolved }: { view: ConflictView; onResolved: (number: string) => void }) {
  const { settings, t } = useDesk();
  const [choices, setChoices] = useState<Choices>(() => initialChoices(view));
  const resolve = useAction("resolve_conflict", (r) => onResolved(r.number));
  const plan = useMemo(() => resolution(view, choices), [view, choices]);
  const differing = view.fields.filter((f) => f.differs);
  const fieldError = (f: string) => resolve.error?.fields.find((x) => x.field === f)?.message;
  const mayResolve = settings.role === "supervisor";

  return (
    <section className="conflict-detail" id="conflict-detail" data-number={view.number}>
      <h3 id="conflict-number">{view.number}</h3>
      <p className="muted">{t("ui-conflicts-intro")}</p>
      <table id="conflict-table" className="conflict-table">
        <thead>
          <tr>
            <th scope="col">{t("ui-conflicts-field")}</th>
            {view.versions.map((v, i) => (
              <th scope="col" key={v.version_id} data-version={v.version_id}>
                <div>{t(v.head ? "ui-conflicts-current" : "ui-conflicts-branch")}</div>
                <div className="muted">
                  {v.author} · {v.workstation} · {v.recorded_at_astana}
                </div>
                <button id={`keep-all-${i}`} className="small" type="button" onClick={() => setChoices(chooseAll(view, i))}>
                  {t("ui-conflicts-keep-all")}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.fields.map((f) => (
            <tr key={f.field} data-field={f.field} className={f.differs ? "differs" : "same"}>
              <th scope="row">
                {/* The window's own label: the app's was worded in the language of the read. */}
                {t(`field-${f.field}`)}
                {f.differs && <span className="differs-mark"> · {t("ui-conflicts-differs")}</span>}
                {fieldError(f.field) && <div className="field-error">{fieldError(f.field)}</div>}
              </th>
              {f.values.map((value, i) =>
                f.differs ? (
                  <td key={i} className={(choices[f.field] ?? 0) === i ? "picked" : ""}>
                    <label className="pick">
                      <input type="radio" name={`pick-${f.field}`} id={`pick-${f.field}-${i}`}
                        checked={(choices[f.field] ?? 0) === i} onChange={() => setChoices({ ...choices, [f.field]: i })} />
                      <span className="pre">{shown(f, value, t)}</span>
                    </label>
                  </td>
                ) : (
                  <td key={i} className={value === "" ? "pre muted" : "pre"}>
                    {shown(f, value, t)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {resolve.error && resolve.error.fields.length === 0 && (
        <p className="field-error banner" role="alert" id="conflict-error">
          {resolve.error.message}
        </p>
      )}
      {!mayResolve && <p className="muted" id="conflict-supervisor-only">{t("ui-conflicts-supervisor-only")}</p>}
      <div className="actions">
        <span className="muted">{differing.length > 0 && `${t("ui-conflicts-differs")}: ${differing.length}`}</span>
        <button id="conflict-resolve" className="primary" disabled={resolve.isPending || !mayResolve}
          onClick={() => resolve.mutate({ appeal_id: view.appeal_id, keep: plan.keep, fields: plan.fields })}>
          {t("ui-conflicts-resolve")}
        </button>
      </div>
    </section>
  );
}
