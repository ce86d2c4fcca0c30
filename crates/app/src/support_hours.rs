//! The support hours a supervisor records for dated periods (000 §15, 002 §28): kept in
//! the journal's audited `support_hours` setting, handed to the rules engine for the
//! appeals they cover, and stated on the appeal page.

use chrono::{DateTime, Utc};
use desk_i18n::{Lang, tr};
use desk_journal::time::to_astana_display;
use desk_journal::{
    Action, AppealRow, Field, FieldError, Problem, RuleSet, SupportHoursForm, SupportHoursMode,
    ValidSupportHours,
};
use desk_rules::clock::{SupportMode, SupportPeriod};
use desk_store::{SUPPORT_HOURS, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, Desk};

/// One recorded period, as the setting stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    #[serde(flatten)]
    period: ValidSupportHours,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

/// A recorded period as the window and `desk settings support-hours list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SupportHoursView {
    /// `round_the_clock` or `extended`.
    pub mode: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub open: Option<String>,
    pub close: Option<String>,
    pub letter: String,
    /// `None`: every rule set.
    pub rule_set: Option<RuleSet>,
    pub recorded_by: String,
    pub recorded_at_astana: String,
    /// The period in one sentence, in the user's language.
    pub description: String,
}

/// The periods in the setting. It is written only by [`Desk::add_support_hours`]; a
/// value that cannot be read is reported and counts as none, so the rule sets' hours
/// apply rather than no clock at all.
fn stored(setting: Option<&str>) -> Vec<Stored> {
    let Some(s) = setting else {
        return Vec::new();
    };
    serde_json::from_str(s).unwrap_or_else(|e| {
        tracing::error!(error = %e, "the support_hours setting cannot be read");
        Vec::new()
    })
}

/// The periods covering appeals of `rules`, as the rules engine takes them.
pub(crate) fn periods_for(setting: Option<&str>, rules: RuleSet) -> Vec<SupportPeriod> {
    stored(setting)
        .into_iter()
        .filter(|s| s.period.rule_set.is_none_or(|r| r == rules))
        .map(|s| SupportPeriod {
            from: s.period.from,
            to: s.period.to,
            mode: match s.period.mode {
                SupportHoursMode::RoundTheClock => SupportMode::RoundTheClock,
                SupportHoursMode::Extended { open, close } => SupportMode::Extended { open, close },
            },
        })
        .collect()
}

fn describe(p: &ValidSupportHours, lang: Lang) -> String {
    let (from, to) = (to_astana_display(p.from), to_astana_display(p.to));
    let text = match p.mode {
        SupportHoursMode::RoundTheClock => tr(
            lang,
            "support-round-the-clock",
            &[("from", &from), ("to", &to), ("letter", &p.letter)],
        ),
        SupportHoursMode::Extended { open, close } => {
            let (open, close) = (
                open.format("%H:%M").to_string(),
                close.format("%H:%M").to_string(),
            );
            let mut args = vec![
                ("from", from.as_str()),
                ("to", to.as_str()),
                ("open", open.as_str()),
                ("close", close.as_str()),
            ];
            let id = if p.letter.is_empty() {
                "support-extended"
            } else {
                args.push(("letter", p.letter.as_str()));
                "support-extended-letter"
            };
            tr(lang, id, &args)
        }
    };
    match p.rule_set {
        Some(r) => tr(
            lang,
            "support-scope",
            &[("text", &text), ("rules", &r.label(lang))],
        ),
        None => text,
    }
}

fn view(s: &Stored, lang: Lang) -> SupportHoursView {
    let p = &s.period;
    let (mode, open, close) = match p.mode {
        SupportHoursMode::RoundTheClock => ("round_the_clock", None, None),
        SupportHoursMode::Extended { open, close } => (
            "extended",
            Some(open.format("%H:%M").to_string()),
            Some(close.format("%H:%M").to_string()),
        ),
    };
    SupportHoursView {
        mode: mode.to_owned(),
        from: p.from,
        to: p.to,
        open,
        close,
        letter: p.letter.clone(),
        rule_set: p.rule_set,
        recorded_by: s.recorded_by.clone(),
        recorded_at_astana: to_astana_display(s.recorded_at),
        description: describe(p, lang),
    }
}

/// Which hours the clocks of `row` used, in the user's language: the periods of its rule
/// set from its receipt to `until`, then the rule set's own hours for the time outside
/// them (or alone, when no period covers it).
pub(crate) fn applied(
    setting: Option<&str>,
    row: &AppealRow,
    until: DateTime<Utc>,
    lang: Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = stored(setting)
        .iter()
        .filter(|s| s.period.rule_set.is_none_or(|r| r == row.rule_set))
        .filter(|s| s.period.to > row.received_at && s.period.from < until)
        .map(|s| describe(&s.period, lang))
        .collect();
    let Some(rules) = desk_rules::ruleset::of(row.rule_set) else {
        return lines;
    };
    let h = rules.hours;
    let lunch = h.lunch.map_or_else(String::new, |(from, to)| {
        tr(
            lang,
            "support-lunch",
            &[
                ("from", &from.format("%H:%M").to_string()),
                ("to", &to.format("%H:%M").to_string()),
            ],
        )
    });
    let regular = tr(
        lang,
        "support-regular",
        &[
            ("open", &h.open.format("%H:%M").to_string()),
            ("close", &h.close.format("%H:%M").to_string()),
            ("lunch", &lunch),
            ("clause", &rules.hours_clause),
        ],
    );
    if lines.is_empty() {
        lines.push(regular);
    } else {
        lines.push(tr(lang, "support-elsewhere", &[("regular", &regular)]));
    }
    lines
}

impl Desk {
    /// The recorded support-hours periods, oldest first.
    pub fn support_hours(&self) -> Result<Vec<SupportHoursView>, AppError> {
        let lang = self.language();
        let setting = self.store.setting(SUPPORT_HOURS)?;
        let mut all = stored(setting.as_deref());
        all.sort_by_key(|s| s.period.from);
        Ok(all.iter().map(|s| view(s, lang)).collect())
    }

    /// A supervisor records support hours for a dated period (000 §15, 002 §28). Refused,
    /// naming the field, when the form is incomplete or the period overlaps one already
    /// recorded for the same appeals. The change is audited, and the journal's next dues
    /// are computed again with it in the same write.
    pub fn add_support_hours(
        &mut self,
        form: &SupportHoursForm,
    ) -> Result<Vec<SupportHoursView>, AppError> {
        self.require(Action::ChangeSettings)?;
        let period = form.validate().map_err(AppError::Invalid)?;
        let recorded_by = self.actor.user.clone();
        self.store
            .change_clock_setting(SUPPORT_HOURS, &self.actor, |old| {
                let mut all = stored(old);
                if all.iter().any(|s| s.period.overlaps(&period)) {
                    return Err(StoreError::Refused(FieldError::new(
                        Field::SupportFrom,
                        Problem::SupportOverlap,
                    )));
                }
                all.push(Stored {
                    period,
                    recorded_by,
                    recorded_at: Utc::now(),
                });
                serde_json::to_string(&all).map_err(|e| StoreError::Corrupt(e.to_string()))
            })?;
        self.support_hours()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::Duration;
    use desk_journal::{NewAppeal, Role};
    use desk_store::Actor;
    use desk_testkit::rows::{at, new_appeal};

    use super::*;

    fn desk(dir: &std::path::Path) -> Desk {
        let mut desk = Desk::open(Some(dir)).unwrap().with_user("boss");
        desk.set_workstation("AST1").unwrap();
        desk.set_language(Lang::Ru).unwrap();
        desk
    }

    fn register_due(desk: &Desk, id: &str) -> Option<String> {
        desk.appeal_detail(id)
            .unwrap()
            .obligations
            .into_iter()
            .find(|o| o.id == "register")
            .and_then(|o| o.due_astana)
    }

    #[test]
    fn s28_a_round_the_clock_period_counts_calendar_time_for_the_appeals_it_covers() {
        // 002 §28, §29: an e-mail on Saturday 14.03.2026 10:00 under QUASI-1216 is
        // registered within 30 min of working time: Monday 16.03 09:30 on the rule set's
        // hours, Saturday 10:30 once round-the-clock support is recorded for March.
        let dir = tempfile::tempdir().unwrap();
        let mut desk = desk(dir.path());
        let received = at("14.03.2026 10:00");
        let valid = NewAppeal {
            rule_set: "QUASI-1216".into(),
            ..new_appeal(received)
        }
        .validate(received + Duration::minutes(5))
        .unwrap();
        let actor = Actor {
            user: "boss".into(),
        };
        let id = desk
            .store
            .register_appeal(&valid, &actor, received + Duration::hours(3))
            .unwrap()
            .id
            .to_string();
        assert_eq!(
            register_due(&desk, &id).as_deref(),
            Some("16.03.2026 09:30")
        );
        let before = desk.appeal_detail(&id).unwrap();
        assert_eq!(
            before.support_hours,
            ["Рабочее время по правилам: 09:00–18:30, обед 13:00–14:30 (002 §28)"]
        );

        let form = SupportHoursForm {
            mode: "round_the_clock".into(),
            from: "01.03.2026 00:00".into(),
            to: "01.04.2026 00:00".into(),
            letter: "№ 12-3/456 от 20.02.2026".into(),
            ..Default::default()
        };
        // A specialist may not change the hours.
        desk.set_role("sp", Role::Specialist).unwrap();
        let mut specialist = Desk::open(Some(dir.path())).unwrap().with_user("sp");
        assert!(matches!(
            specialist.add_support_hours(&form),
            Err(AppError::Forbidden { .. })
        ));
        let listed = desk.add_support_hours(&form).unwrap();
        assert_eq!(
            listed[0].description,
            "Круглосуточно с 01.03.2026 00:00 по 01.04.2026 00:00, согласовано с уполномоченным органом, письмо № 12-3/456 от 20.02.2026"
        );
        assert_eq!(
            register_due(&desk, &id).as_deref(),
            Some("14.03.2026 10:30")
        );
        let after = desk.appeal_detail(&id).unwrap();
        assert_eq!(after.support_hours[0], listed[0].description);
        assert!(after.support_hours[1].starts_with("Вне этих периодов"));
        // The journal page's next due was computed again in the same write: the analysis
        // (002 §31: 2 h of what is now calendar time from the receipt) at 12:00 Saturday.
        let head = desk.store.appeal(&id).unwrap().unwrap();
        assert_eq!(head.next_due, Some(at("14.03.2026 12:00")));

        // An overlapping period is refused naming the field; nothing is written.
        let overlapping = SupportHoursForm {
            mode: "extended".into(),
            from: "31.03.2026 00:00".into(),
            to: "01.05.2026 00:00".into(),
            open: "08:00".into(),
            close: "21:00".into(),
            ..Default::default()
        };
        let e = desk.add_support_hours(&overlapping).unwrap_err();
        assert_eq!(e.to_ui(Lang::Ru).fields[0].field, Field::SupportFrom);
        assert_eq!(desk.support_hours().unwrap().len(), 1);
        // The change is in the audit trail, which still verifies.
        let audited: i64 = desk
            .store
            .connection()
            .query_row(
                "SELECT COUNT(*) FROM audit WHERE entity = 'setting' AND entity_id = 'support_hours'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 1);
        let check = desk.store.verify(None, &mut |_| {}).unwrap();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
    }
}
