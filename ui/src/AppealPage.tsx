import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, asUiError, type AppealDetail, type TriageForm, type UiError } from "./api";
import type { CorrectionForm, ProcedureInput } from "./bindings";
import type { EventKind, Obligation, Role } from "./bindings";
import { LetterPanel } from "./Documents";
import { CRITICALITIES, Countdown, FieldBox, OPERATOR_FAILURES, OTHER_FAILURES, useNow, type T } from "./App";

const EXTRA_ACTIONS: EventKind[] = ["info_requested", "info_received", "closed"];

/** One appeal: its clocks as a checklist, the specialist's triage, events and history. */
export function AppealPage({ id, t, role, onBack }: { id: string; t: T; role: Role; onBack: () => void }) {
  const [detail, setDetail] = useState<AppealDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [linkTo, setLinkTo] = useState("");
  const now = useNow(5_000);

  const load = useCallback(async () => {
    try {
      setDetail(await api.detail(id));
    } catch (e) {
      setError(asUiError(e).message);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && !(e.target instanceof HTMLInputElement) && onBack();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onBack]);

  const act = async (run: () => Promise<AppealDetail>) => {
    try {
      setDetail(await run());
      setError(null);
    } catch (e) {
      setError(asUiError(e).message);
    }
  };
  const record = (kind: EventKind) => act(() => api.recordAction(id, { kind, at: "" }));

  if (!detail) return <main className="loading">{error ?? t("loading")}</main>;
  const a = detail.appeal;
  const mayTriage = role !== "operator";

  return (
    <main className="appeal-page" id="appeal-page">
      <div className="appeal-head">
        <button id="back" onClick={onBack}>
          ← {t("back")} <kbd>Esc</kbd>
        </button>
        <h2 id="appeal-number">{a.number}</h2>
        <span id="appeal-status" className={`badge status-${a.status}`}>
          {t(`status-${a.status}`)}
          {a.criticality && ` · ${t(`criticality-${a.criticality}`)}`}
        </span>
        <span className="muted">{t(`ruleset-${a.rule_set}`)}</span>
      </div>
      {error && (
        <p className="field-error banner" role="alert" id="page-error">
          {error}
        </p>
      )}
      <div className="columns">
        <section>
          <dl className="facts">
            <dt>{t("field-organisation")}</dt>
            <dd>{a.organisation}</dd>
            <dt>{t("field-bin_iin")}</dt>
            <dd>{a.bin_iin}</dd>
            <dt>{t("field-received_at")}</dt>
            <dd>{a.received_at_astana}</dd>
            <dt>{t("field-channel")}</dt>
            <dd>
              {t(`channel-${a.channel}`)} · {t(`source-${a.source}`)}
            </dd>
            <dt>{t("field-contact")}</dt>
            <dd>{[a.contact, a.contact_person, a.email, a.phone].filter(Boolean).join(" · ")}</dd>
            <dt>{t("field-description")}</dt>
            <dd className="pre">{a.description}</dd>
            {(a.announcements || a.lots) && (
              <>
                <dt>{t("field-announcements")}</dt>
                <dd>
                  {a.announcements} {a.lots && `· ${t("field-lots")}: ${a.lots}`}
                </dd>
              </>
            )}
            {a.decision && (
              <>
                <dt>{t("field-decision")}</dt>
                <dd id="appeal-decision">{a.decision}</dd>
              </>
            )}
            {a.failure_type && (
              <>
                <dt>{t("field-failure_type")}</dt>
                <dd>{t(`failure-${a.failure_type}`)}</dd>
              </>
            )}
            <dt>{t("field-linked_to")}</dt>
            <dd>
              {a.linked_to ?? (
                <span className="inline">
                  <input id="link-to" placeholder="AST1-2026-000001" value={linkTo} onChange={(e) => setLinkTo(e.target.value)} />
                  <button id="link-save" onClick={() => void act(() => api.link(id, linkTo))}>
                    {t("link-action")}
                  </button>
                </span>
              )}
            </dd>
          </dl>
          {a.status === "registered" && mayTriage && <Triage t={t} onSave={(form) => api.triage(id, form)} onDone={setDetail} />}
          {mayTriage && (a.criticality === "medium" || a.criticality === "high") && (
            <Extensions t={t} detail={detail} onCompute={(procs) => api.extensions(id, procs)} onDone={setDetail} />
          )}
          {role === "supervisor" && <Correction t={t} onSave={(form) => api.correct(id, form)} onDone={setDetail} />}
          <LetterPanel t={t} number={a.number} status={a.status} />
        </section>

        <section>
          <h3>{t("obligations-title")}</h3>
          {detail.clocks_error && (
            <p className="error" id="clocks-error" role="alert">
              {detail.clocks_error}
            </p>
          )}
          {detail.paused && (
            <p className="paused" id="paused">
              ⏸ {t("paused")}
            </p>
          )}
          <ul className="checklist" id="obligations">
            {detail.obligations.map((o) => (
              <ObligationItem key={o.id} o={o} t={t} now={now} onDone={(kind) => void record(kind)} />
            ))}
          </ul>
          <div className="actions left">
            {EXTRA_ACTIONS.filter((k) => k !== "closed" || mayTriage).map((k) => (
              <button key={k} id={`act-${k}`} onClick={() => void record(k)}>
                {t(`event-${k}`)}
              </button>
            ))}
          </div>
          <h3>{t("history-title")}</h3>
          <ol className="history" id="history">
            {detail.history.map((h, i) => (
              <li key={i}>
                <span className="muted">
                  {h.at_astana} · {h.actor}
                </span>{" "}
                <strong>{h.action}</strong>
                <pre>{h.changes}</pre>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </main>
  );
}

function ObligationItem({ o, t, now, onDone }: { o: Obligation; t: T; now: number; onDone: (k: EventKind) => void }) {
  const pending = o.state === "pending";
  const overdue = pending && Date.parse(o.due) < now;
  // Confirming or refuting is the triage form's job, not a tick box.
  const canTick = pending && o.met_by !== null && o.met_by !== "confirmed";
  return (
    <li id={`ob-${o.id}`} data-state={o.state} className={overdue ? "overdue" : o.state}>
      <span className="ob-title">{t(`obligation-${o.id}`)}</span>
      <span className="clause">{o.clause}</span>
      <span className="due" id={`due-${o.id}`}>
        {o.due_astana}
      </span>
      {pending ? <Countdown due={o.due} now={now} t={t} /> : <span className="state">{t(`state-${o.state}`)}</span>}
      {canTick && o.met_by && (
        <button id={`done-${o.id}`} className="primary small" onClick={() => onDone(o.met_by as EventKind)}>
          ✓ {t("mark-done")}
        </button>
      )}
    </li>
  );
}

function Triage({ t, onSave, onDone }: { t: T; onSave: (f: TriageForm) => Promise<AppealDetail>; onDone: (d: AppealDetail) => void }) {
  const [form, setForm] = useState<TriageForm>({
    analysis: "confirmed", at: "", criticality: "", operator_fault: false, failure_type: "", decision: "", recommendations: "", supporting_info: "",
  });
  const [error, setError] = useState<UiError | null>(null);
  const err = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone(await onSave(form));
    } catch (ex) {
      setError(asUiError(ex));
    }
  };
  const confirmed = form.analysis === "confirmed";
  return (
    <form className="triage" id="triage" onSubmit={submit} noValidate>
      <h3>{t("triage-title")}</h3>
      <div className="radios">
        {(["confirmed", "refuted"] as const).map((v) => (
          <label key={v}>
            <input type="radio" name="analysis" id={`t-analysis-${v}`} checked={form.analysis === v} onChange={() => setForm({ ...form, analysis: v })} />{" "}
            {t(v === "confirmed" ? "triage-confirm" : "triage-refute")}
          </label>
        ))}
      </div>
      {confirmed && (
        <FieldBox f="criticality" label={t("field-criticality")} error={err("criticality")}>
          <div className="levels">
            {CRITICALITIES.map((c) => (
              <label key={c} className="level">
                <input type="radio" name="criticality" id={`t-criticality-${c}`} checked={form.criticality === c} onChange={() => setForm({ ...form, criticality: c })} />
                <strong>{t(`criticality-${c}`)}</strong>
                <span className="hint">{t(`criticality-${c}-def`)}</span>
              </label>
            ))}
          </div>
        </FieldBox>
      )}
      <FieldBox f="failure_type" label={t("field-failure_type")} error={err("failure_type")}>
        <select id="t-failure-type" value={form.failure_type} onChange={(e) => {
          const v = e.target.value;
          // 002 §26.1: an operator-dependent type means the operator is at fault.
          setForm({ ...form, failure_type: v, operator_fault: OPERATOR_FAILURES.includes(v as never) || (v === "" ? form.operator_fault : false) });
        }}>
          <option value="">{t("not-chosen")}</option>
          <optgroup label={t("failure-group-operator")}>
            {OPERATOR_FAILURES.map((f) => (
              <option key={f} value={f}>
                {t(`failure-${f}`)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("failure-group-independent")}>
            {OTHER_FAILURES.map((f) => (
              <option key={f} value={f}>
                {t(`failure-${f}`)}
              </option>
            ))}
          </optgroup>
        </select>
      </FieldBox>
      <label className="check">
        <input type="checkbox" id="t-operator-fault" checked={form.operator_fault} onChange={(e) => setForm({ ...form, operator_fault: e.target.checked })} />{" "}
        {t("field-operator_fault")}
      </label>
      <FieldBox f="decision" label={t("field-decision")} error={err("decision")}>
        <textarea id="t-decision" rows={2} value={form.decision} onChange={(e) => setForm({ ...form, decision: e.target.value })} />
      </FieldBox>
      <FieldBox f="recommendations" label={t("field-recommendations")} error={err("recommendations")}>
        <textarea id="t-recommendations" rows={2} value={form.recommendations} onChange={(e) => setForm({ ...form, recommendations: e.target.value })} />
      </FieldBox>
      {!confirmed && (
        <FieldBox f="supporting_info" label={t("field-supporting_info")} error={err("supporting_info")}>
          <textarea id="t-supporting-info" rows={2} value={form.supporting_info} onChange={(e) => setForm({ ...form, supporting_info: e.target.value })} />
        </FieldBox>
      )}
      {error && error.fields.length === 0 && (
        <p className="field-error" role="alert" id="triage-error">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button id="t-save" className="primary" type="submit">
          {t(confirmed ? "triage-confirm" : "triage-refute")}
        </button>
      </div>
    </form>
  );
}

const CORRECTABLE = [
  "organisation", "bin_iin", "received_at", "channel", "contact", "description", "contact_person", "email", "phone",
  "portal_module", "announcements", "lots", "procurement_method", "decision", "recommendations", "failure_type",
] as const;

/** A supervisor's correction: a new version that names what it replaces, with a reason. */
function Correction({ t, onSave, onDone }: { t: T; onSave: (f: CorrectionForm) => Promise<AppealDetail>; onDone: (d: AppealDetail) => void }) {
  const [form, setForm] = useState<CorrectionForm>({ field: "organisation", value: "", reason: "" });
  const [error, setError] = useState<UiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onDone(await onSave(form));
      setForm({ ...form, value: "", reason: "" });
      setError(null);
    } catch (ex) {
      setError(asUiError(ex));
    }
  };
  return (
    <details className="triage" id="correction">
      <summary>{t("correct-title")}</summary>
      <form onSubmit={submit} noValidate>
        <div className="grid">
          <FieldBox f="c-field" label={t("field-event")}>
            <select id="f-c-field" value={form.field} onChange={(e) => setForm({ ...form, field: e.target.value })}>
              {CORRECTABLE.map((f) => (
                <option key={f} value={f}>
                  {t(`field-${f}`)}
                </option>
              ))}
            </select>
          </FieldBox>
          <FieldBox f="c-value" label={t(`field-${form.field}`)} error={error?.fields.find((x) => x.field === form.field)?.message}>
            <input id="f-c-value" value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />
          </FieldBox>
        </div>
        <FieldBox f="c-reason" label={t("field-reason")} error={error?.fields.find((x) => x.field === "reason")?.message}>
          <input id="f-c-reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
        </FieldBox>
        {error && error.fields.length === 0 && <p className="field-error">{error.message}</p>}
        <div className="actions">
          <button id="c-save" className="primary" type="submit">
            {t("correct-save")}
          </button>
        </div>
      </form>
    </details>
  );
}

const KINDS = ["acceptance_end", "acceptance_start", "auction_trading", "contract_signing", "complaint", "discussion", "tariff_end"] as const;
const METHODS = ["tender", "auction", "price_request", "housing", "one_source"] as const;

/** The extension calculator's result for this failure, with the procedures the specialist enters. */
function Extensions({ t, detail, onCompute, onDone }: { t: T; detail: AppealDetail; onCompute: (p: ProcedureInput[]) => Promise<AppealDetail>; onDone: (d: AppealDetail) => void }) {
  const empty = (): ProcedureInput => ({ id: "", kind: "acceptance_end", method: "tender", deadline: "", announcement: "", lots: "" });
  const [procs, setProcs] = useState<ProcedureInput[]>([empty()]);
  const [error, setError] = useState<string | null>(null);
  const answer = detail.extensions;
  const set = (i: number, k: keyof ProcedureInput, v: string) => setProcs(procs.map((p, j) => (j === i ? { ...p, [k]: v } : p)));
  const compute = async () => {
    try {
      onDone(await onCompute(procs.filter((p) => p.id.trim() !== "")));
      setError(null);
    } catch (e) {
      setError(asUiError(e).message);
    }
  };
  return (
    <details className="triage" id="extensions" open={answer !== null}>
      <summary>{t("ext-ui-title")}</summary>
      <table className="procs">
        <thead>
          <tr>
            <th>{t("ext-ui-id")}</th>
            <th>{t("ext-ui-kind")}</th>
            <th>{t("ext-ui-method")}</th>
            <th>{t("ext-ui-deadline")}</th>
          </tr>
        </thead>
        <tbody>
          {procs.map((p, i) => (
            <tr key={i}>
              <td><input id={`p-id-${i}`} value={p.id} onChange={(e) => set(i, "id", e.target.value)} /></td>
              <td>
                <select id={`p-kind-${i}`} value={p.kind} onChange={(e) => set(i, "kind", e.target.value)}>
                  {KINDS.map((k) => <option key={k} value={k}>{t(`proc-kind-${k}`)}</option>)}
                </select>
              </td>
              <td>
                <select id={`p-method-${i}`} value={p.method} onChange={(e) => set(i, "method", e.target.value)}>
                  {METHODS.map((m) => <option key={m} value={m}>{t(`proc-method-${m}`)}</option>)}
                </select>
              </td>
              <td><input id={`p-deadline-${i}`} placeholder={t("hint-received-at")} value={p.deadline} onChange={(e) => set(i, "deadline", e.target.value)} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions left">
        <button id="p-add" type="button" onClick={() => setProcs([...procs, empty()])}>+ {t("ext-ui-add")}</button>
        <button id="p-compute" className="primary" type="button" onClick={() => void compute()}>{t("ext-ui-compute")}</button>
      </div>
      {error && <p className="field-error" role="alert" id="ext-error">{error}</p>}
      {answer && (
        <div id="ext-result">
          <p className="muted">{t("ext-ui-computed", { at: detail.extensions_at_astana ?? "" })}</p>
          <ul className="ext-list">
            {(answer.procedures ?? []).map((r) => (
              <li key={r.id} data-extended={r.extended}>
                <strong>{r.id}</strong> · {r.clause} · {t("ext-ui-new")}: {r.new_deadline}
                <div className="hint">{r.explanation}</div>
              </li>
            ))}
          </ul>
          {(answer.duties ?? []).length > 0 && (
            <>
              <h4>{t("ext-ui-duties")}</h4>
              <ul className="ext-list" id="ext-duties">
                {(answer.duties ?? []).map((d, i) => (
                  <li key={i}>{d.clause} · {d.explanation}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </details>
  );
}
