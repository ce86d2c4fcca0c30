//! One paragraph per procedure that a supplier can read, in the user's language.

use chrono::{DateTime, Duration, Utc};
use desk_i18n::{Lang, tr, tr_args};
use desk_vocab::ProcedureKind as Kind;
use fluent_bundle::FluentArgs;

use super::types::{Cause, Outcome, Procedure, Reason, ShiftHow};
use crate::clock::to_local;

/// Astana wall-clock time for a sentence, e.g. `10.03.2026 15:00`.
pub(crate) fn human(t: DateTime<Utc>) -> String {
    to_local(t).format("%d.%m.%Y %H:%M").to_string()
}

pub(crate) fn what(lang: Lang, p: &Procedure) -> String {
    tr(
        lang,
        &format!("ext-kind-{}", p.kind.code().replace('_', "-")),
        &[("id", &p.id)],
    )
}

fn duration_text(lang: Lang, d: Duration) -> String {
    let mut args = FluentArgs::new();
    args.set("days", d.num_days());
    args.set("hours", d.num_hours() % 24);
    args.set("minutes", d.num_minutes() % 60);
    let id = if d.num_days() > 0 {
        "ext-duration-days"
    } else {
        "ext-duration"
    };
    tr_args(lang, id, &args)
}

fn how_text(lang: Lang, how: ShiftHow, cause: &Cause) -> String {
    match (how, cause) {
        (ShiftHow::Outage, Cause::Failure(f)) => tr(
            lang,
            "ext-how-outage",
            &[("duration", &duration_text(lang, f.outage()))],
        ),
        (ShiftHow::Days(n), _) => {
            let mut args = FluentArgs::new();
            args.set("days", n);
            tr_args(lang, "ext-how-days", &args)
        }
        (ShiftHow::OneDay, _) => tr(lang, "ext-how-one-day", &[]),
        (ShiftHow::NextWorkingDay, _) => tr(lang, "ext-how-next-working-day", &[]),
        (ShiftHow::WorkingDaysAfterFix(n), _) => {
            let mut args = FluentArgs::new();
            args.set("days", n);
            tr_args(lang, "ext-how-working-days", &args)
        }
        (ShiftHow::Maintenance, Cause::Maintenance(m)) => tr(
            lang,
            "ext-how-maintenance",
            &[("duration", &duration_text(lang, m.ends_at - m.starts_at))],
        ),
        (ShiftHow::MaintenanceNextWorkingDay, Cause::Maintenance(m)) => tr(
            lang,
            "ext-how-maintenance-next-working-day",
            &[("duration", &duration_text(lang, m.ends_at - m.starts_at))],
        ),
        (ShiftHow::FixPlusOutage, Cause::Failure(f)) => tr(
            lang,
            "ext-how-fix-plus-outage",
            &[("duration", &duration_text(lang, f.outage()))],
        ),
        (ShiftHow::OneDayAfterLater(later), _) => tr(
            lang,
            "ext-how-one-day-after-later",
            &[("base", &human(later))],
        ),
        _ => String::new(),
    }
}

/// One paragraph a supplier can read: the clause, what moved, from when to when, and
/// whether the protocol is annulled or bids must be submitted again.
pub fn explain(lang: Lang, rules_id: &str, cause: &Cause, p: &Procedure, o: &Outcome) -> String {
    let what = what(lang, p);
    let clause = o.clause.clone().unwrap_or_default();
    let from = human(p.deadline);
    let (start, end) = match cause {
        Cause::Failure(f) => (human(f.started_at), human(f.fixed_at)),
        Cause::Maintenance(m) => (human(m.starts_at), human(m.ends_at)),
    };
    let mut parts = vec![match o.reason {
        Reason::Moved(how) if o.extended => {
            let how = how.map(|h| how_text(lang, h, cause)).unwrap_or_default();
            tr(
                lang,
                "ext-moved",
                &[
                    ("clause", &clause),
                    ("what", &what),
                    ("from", &from),
                    ("to", &human(o.new_deadline)),
                    ("how", &how),
                ],
            )
        }
        Reason::Moved(_) | Reason::NotAffected => tr(
            lang,
            match cause {
                Cause::Failure(_) => "ext-not-affected",
                Cause::Maintenance(_) => "ext-maintenance-not-affected",
            },
            &[
                ("clause", &clause),
                ("what", &what),
                ("deadline", &from),
                ("start", &start),
                ("end", &end),
            ],
        ),
        Reason::LowCriticality => tr(
            lang,
            "ext-low",
            &[("clause", &clause), ("what", &what), ("deadline", &from)],
        ),
        Reason::AuctionExcepted => tr(
            lang,
            "ext-auction-excepted",
            &[("clause", &clause), ("what", &what), ("deadline", &from)],
        ),
        Reason::MethodNotNamed => tr(
            lang,
            "ext-method-not-named",
            &[
                ("clause", &clause),
                ("what", &what),
                ("deadline", &from),
                (
                    "method",
                    &p.method.map(|m| m.label(lang)).unwrap_or_default(),
                ),
            ],
        ),
        Reason::NoRule => tr(
            lang,
            "ext-no-rule",
            &[("rules", rules_id), ("what", &what), ("deadline", &from)],
        ),
    }];
    if let (Some(would), Cause::Failure(f)) = (o.guarded_from, cause) {
        parts.push(tr(
            lang,
            "ext-guard",
            &[
                ("clause", &clause),
                ("would", &human(would)),
                ("fixed", &human(f.fixed_at)),
            ],
        ));
    }
    if o.annul_protocol {
        let c = o.protocol_clause.clone().unwrap_or_else(|| clause.clone());
        parts.push(match p.kind {
            Kind::AuctionTrading => tr(lang, "ext-annul-auction", &[("clause", &c)]),
            _ => tr(lang, "ext-annul-protocol", &[("clause", &c)]),
        });
    }
    if o.resubmit {
        parts.push(tr(lang, "ext-resubmit", &[("clause", &clause)]));
    }
    parts.join(" ")
}
