import { useState, type FormEvent } from "react";
import { FieldBox } from "../../components/FieldBox";
import { useAction, useCommand } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import type { CompositionView, Member, Standing } from "../../lib/bindings";
import { standingLabel } from "./labels";

/** Rows to start a composition from: the latest one, or five empty seats with a chair. */
function startingRows(latest: CompositionView | undefined): Member[] {
  if (latest) return latest.members.map((m) => ({ ...m }));
  return [1, 2, 3, 4, 5].map((n) => ({ id: `m${n}`, name: "", role: n === 1 ? "chair" : "member", organisation: "", position: "" }));
}

/** A new seat keeps ids unique: the members' ids are what votes and signatures name. */
function nextId(rows: Member[]): string {
  const used = new Set(rows.map((r) => r.id));
  let n = rows.length + 1;
  while (used.has(`m${n}`)) n += 1;
  return `m${n}`;
}

/** The composition in force (003 §5: an odd number, at least 5, one chair; approved by an
 * order), and a form for the next version. Versions are kept: a meeting uses the one in
 * force on its date. */
export function CompositionPanel() {
  const { t } = useDesk();
  const list = useCommand("commission_compositions", {});
  const latest = list.data ? list.data[list.data.length - 1] : undefined;
  const [editing, setEditing] = useState(false);
  return (
    <section id="composition">
      {list.error && (
        <p className="field-error banner" role="alert">
          {list.error.message}
        </p>
      )}
      {list.data && !latest && !editing && (
        <p className="muted" id="composition-none">
          {t("ui-commission-composition-none")}
        </p>
      )}
      {latest && !editing && <CompositionTable c={latest} />}
      {editing ? (
        <CompositionEditor key={list.data?.length ?? 0} latest={latest} onDone={() => setEditing(false)} />
      ) : (
        <div className="actions left">
          <button id="composition-edit" className="primary" onClick={() => setEditing(true)}>
            {t(latest ? "ui-commission-composition-change" : "ui-commission-composition-record")}
          </button>
        </div>
      )}
    </section>
  );
}

function CompositionTable({ c }: { c: CompositionView }) {
  const { t } = useDesk();
  const date = (d: string) => d.split("-").reverse().join(".");
  return (
    <>
      <p id="composition-order">
        {t("ui-commission-composition-order", { order: c.order_number, date: date(c.order_date), from: date(c.valid_from) })}
      </p>
      {c.warnings.includes("no_chamber_representative") && (
        <p className="paused" id="composition-warning">
          {t("commission-warning-no-chamber")}
        </p>
      )}
      <table id="composition-members">
        <thead>
          <tr>
            <th>{t("ui-commission-member-name")}</th>
            <th>{t("ui-commission-member-role")}</th>
            <th>{t("ui-commission-member-organisation")}</th>
            <th>{t("ui-commission-member-position")}</th>
          </tr>
        </thead>
        <tbody>
          {c.members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{standingLabel(m.role, t)}</td>
              <td>{m.organisation}</td>
              <td>{m.position}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function CompositionEditor({ latest, onDone }: { latest: CompositionView | undefined; onDone: () => void }) {
  const { t } = useDesk();
  const [order, setOrder] = useState({ number: "", date: "" });
  const [validFrom, setValidFrom] = useState("");
  const [rows, setRows] = useState<Member[]>(() => startingRows(latest));
  const save = useAction("commission_set_members", onDone);
  const error = save.error;
  const fieldError = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  const set = (i: number, patch: Partial<Member>) => setRows((r) => r.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ form: { order, valid_from: validFrom.trim() || null, members: rows } });
  };
  return (
    <form id="composition-form" onSubmit={submit} noValidate>
      <div className="grid">
        <FieldBox f="order-number" label={t("ui-commission-order-number")} error={fieldError("order.number")}>
          <input id="f-order-number" autoFocus value={order.number} onChange={(e) => setOrder({ ...order, number: e.target.value })} />
        </FieldBox>
        <FieldBox f="order-date" label={t("ui-commission-order-date")} error={fieldError("order.date")}>
          <input id="f-order-date" placeholder={t("ui-date-placeholder")} value={order.date} onChange={(e) => setOrder({ ...order, date: e.target.value })} />
        </FieldBox>
        <FieldBox f="valid-from" label={t("ui-commission-valid-from")} hint={t("ui-commission-valid-from-hint")} error={fieldError("valid_from")}>
          <input id="f-valid-from" placeholder={t("ui-date-placeholder")} value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </FieldBox>
      </div>
      <table id="composition-rows">
        <thead>
          <tr>
            <th>{t("ui-commission-member-name")}</th>
            <th>{t("ui-commission-member-role")}</th>
            <th>{t("ui-commission-member-organisation")}</th>
            <th>{t("ui-commission-member-position")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((m, i) => (
            <tr key={m.id}>
              <td>
                <input id={`f-member-${i}-name`} aria-label={t("ui-commission-member-name")} value={m.name} onChange={(e) => set(i, { name: e.target.value })} />
              </td>
              <td>
                <select id={`f-member-${i}-role`} aria-label={t("ui-commission-member-role")} value={m.role} onChange={(e) => set(i, { role: e.target.value as Standing })}>
                  {(["chair", "member"] as const).map((s) => (
                    <option key={s} value={s}>
                      {standingLabel(s, t)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input id={`f-member-${i}-organisation`} aria-label={t("ui-commission-member-organisation")} value={m.organisation} onChange={(e) => set(i, { organisation: e.target.value })} />
              </td>
              <td>
                <input id={`f-member-${i}-position`} aria-label={t("ui-commission-member-position")} value={m.position} onChange={(e) => set(i, { position: e.target.value })} />
              </td>
              <td>
                <button type="button" className="small" aria-label={t("ui-commission-member-remove")} title={t("ui-commission-member-remove")} onClick={() => setRows((r) => r.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions left">
        <button type="button" id="member-add" onClick={() => setRows((r) => [...r, { id: nextId(r), name: "", role: "member", organisation: "", position: "" }])}>
          + {t("ui-commission-member-add")}
        </button>
      </div>
      {error && (
        <p className="field-error banner" id="composition-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onDone}>
          {t("form-cancel")}
        </button>
        <button id="composition-save" className="primary" type="submit" disabled={save.isPending}>
          {t("ui-commission-composition-save")}
        </button>
      </div>
    </form>
  );
}
