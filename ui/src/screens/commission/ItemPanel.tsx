import { useState } from "react";
import { useAction } from "../../hooks/useCommand";
import { useDesk } from "../../hooks/useDesk";
import { VOTES, type ItemView, type MeetingView } from "../../lib/bindings";
import { nameOf, outcomeLabel, proposalLabel, voteLabel } from "./labels";

/** One agenda item: what is put to the vote, each present member's vote (003 §17: every
 * present member votes; a recused member declares the conflict), the count as it stands
 * and, once all have voted, the decision with the rule that made it (§13). */
export function ItemPanel({ m, item }: { m: MeetingView; item: ItemView }) {
  const { t } = useDesk();
  const members = m.composition.members;
  const vote = useAction("commission_vote");
  const [recusing, setRecusing] = useState<string | null>(null);
  const [conflict, setConflict] = useState("");
  const c = item.counts;
  const present = m.present ?? [];
  const canVote = m.present !== null && m.has_quorum;
  return (
    <section className="meeting-item" id={`item-${item.n}`}>
      <h3>
        {t("ui-commission-item-heading", { n: item.n, title: item.title })}
      </h3>
      <p className="muted">
        {proposalLabel(item.proposal.kind, t)}
        {item.proposal.kind === "refuse" && `: ${item.proposal.reasons}`}
      </p>
      {canVote && (
        <>
          <table className="votes">
            <tbody>
              {present.map((id) => {
                const ballot = item.ballots.find((b) => b.member === id);
                return (
                  <tr key={id} data-member={id}>
                    <td>{nameOf(members, id)}</td>
                    <td id={`ballot-${item.n}-${id}`}>
                      {ballot ? (
                        <strong>
                          {voteLabel(ballot.vote, t)}
                          {ballot.conflict && <span className="muted"> — {ballot.conflict}</span>}
                        </strong>
                      ) : recusing === id ? (
                        <span className="inline">
                          <input id={`conflict-${item.n}-${id}`} autoFocus placeholder={t("ui-commission-conflict")} aria-label={t("ui-commission-conflict")} value={conflict} onChange={(e) => setConflict(e.target.value)} />
                          <button className="small" id={`recuse-${item.n}-${id}`} onClick={() => vote.mutate({ number: m.number, item: item.n, member: id, vote: "recused", conflict }, { onSuccess: () => { setRecusing(null); setConflict(""); } })}>
                            {t("ui-commission-vote-record")}
                          </button>
                        </span>
                      ) : (
                        <span className="inline">
                          {VOTES.map((v) => (
                            <button key={v} className="small" id={`vote-${item.n}-${id}-${v}`} disabled={vote.isPending}
                              onClick={() => (v === "recused" ? setRecusing(id) : vote.mutate({ number: m.number, item: item.n, member: id, vote: v, conflict: null }))}>
                              {voteLabel(v, t)}
                            </button>
                          ))}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="tally" id={`tally-${item.n}`}>
            {t("ui-commission-counts", { for: c.votes_for, against: c.against, abstain: c.abstain, recused: c.recused, awaited: c.awaited })}
          </p>
        </>
      )}
      {vote.error && (
        <p className="field-error banner" role="alert" id={`vote-error-${item.n}`}>
          {vote.error.message}
        </p>
      )}
      {item.outcome && (
        <p className={item.outcome === "adopted" ? "ok" : "field-error"} id={`outcome-${item.n}`}>
          {item.explanation ?? outcomeLabel(item.outcome, t)}
        </p>
      )}
      <Dissents m={m} item={item} />
    </section>
  );
}

/** 003 §16: a present member's dissenting opinion, kept with the item and printed. */
function Dissents({ m, item }: { m: MeetingView; item: ItemView }) {
  const { t } = useDesk();
  const members = m.composition.members;
  const [member, setMember] = useState("");
  const [text, setText] = useState("");
  const dissent = useAction("commission_dissent", () => {
    setText("");
    setMember("");
  });
  if (m.present === null) return null;
  return (
    <div className="dissents">
      {item.dissents.map((d) => (
        <blockquote key={d.member} className="dissent" data-member={d.member}>
          <strong>{t("ui-commission-dissent-of", { who: [nameOf(members, d.member), d.position].filter((x) => x.trim()).join(", ") })}</strong>
          <div className="pre">{d.text}</div>
        </blockquote>
      ))}
      <details id={`dissent-${item.n}`}>
        <summary>{t("ui-commission-dissent-add")}</summary>
        <form onSubmit={(e) => {
          e.preventDefault();
          dissent.mutate({ number: m.number, item: item.n, member, text });
        }}>
          <select id={`dissent-${item.n}-member`} aria-label={t("ui-commission-dissent-member")} value={member} onChange={(e) => setMember(e.target.value)}>
            <option value="">{t("ui-commission-dissent-member")}</option>
            {(m.present ?? []).map((id) => (
              <option key={id} value={id}>
                {nameOf(members, id)}
              </option>
            ))}
          </select>
          <textarea id={`dissent-${item.n}-text`} rows={3} aria-label={t("ui-commission-dissent-text")} placeholder={t("ui-commission-dissent-text")} value={text} onChange={(e) => setText(e.target.value)} />
          {dissent.error && (
            <p className="field-error" role="alert" id={`dissent-${item.n}-error`}>
              {dissent.error.message}
            </p>
          )}
          <div className="actions left">
            <button id={`dissent-${item.n}-save`} type="submit" disabled={dissent.isPending}>
              {t("ui-commission-dissent-save")}
            </button>
          </div>
        </form>
      </details>
    </div>
  );
}
