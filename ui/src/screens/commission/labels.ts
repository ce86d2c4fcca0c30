// How the Commission's closed values read: by the translation files' names, never codes.
import type { Outcome, Proposal, Standing, Vote } from "../../lib/bindings";
import type { T } from "../../lib/i18n";

export const voteLabel = (v: Vote, t: T) => t(`doc-letter-protocol-vote-${v}`);
export const standingLabel = (s: Standing, t: T) => t(`doc-letter-protocol-role-${s}`);
export const outcomeLabel = (o: Outcome, t: T) => t(`ui-commission-outcome-${o.replace("_", "-")}`);
export const proposalLabel = (kind: Proposal["kind"], t: T) => t(`ui-commission-proposal-${kind}`);

/** A member's name by id, from the composition the meeting uses. */
export function nameOf(members: { id: string; name: string }[], id: string): string {
  return members.find((m) => m.id === id)?.name ?? id;
}
