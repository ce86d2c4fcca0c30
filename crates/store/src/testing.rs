//! What the unit tests of several files share: a journal in a temporary directory with
//! a workstation code, and appeals registered and triaged through the ordinary calls.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use desk_journal::time::parse_astana;
use desk_journal::{NewAppeal, TriageForm, WorkstationCode};

use crate::{Actor, Store};

pub(crate) fn actor() -> Actor {
    Actor {
        user: "specialist1".into(),
    }
}

pub(crate) fn t(s: &str) -> DateTime<Utc> {
    parse_astana(s).unwrap()
}

pub(crate) fn store(dir: &std::path::Path) -> Store {
    let mut s = Store::open_in_dir(dir).unwrap();
    s.set_workstation(&WorkstationCode::parse("AST1").unwrap(), &actor())
        .unwrap();
    s
}

/// Registers an appeal received at 10:15 on 20.11.2026; returns its id.
pub(crate) fn register(s: &mut Store, org: &str, description: &str) -> String {
    let now = t("20.11.2026 10:20");
    let v = NewAppeal {
        organisation: org.into(),
        bin_iin: "971240001315".into(),
        received_at: "20.11.2026 10:15".into(),
        channel: "phone".into(),
        contact: "+7 701 111 22 33".into(),
        description: description.into(),
        ..Default::default()
    }
    .validate(now)
    .unwrap();
    s.register_appeal(&v, &actor(), now).unwrap().id.to_string()
}

/// Confirms a failure of `criticality` at 11:00: a computer attack, not the operator's
/// fault (002 §26, §38).
pub(crate) fn confirm(s: &mut Store, id: &str, criticality: &str) {
    let received = s.appeal(id).unwrap().unwrap().received_at;
    let triage = TriageForm {
        analysis: "confirmed".into(),
        at: "20.11.2026 11:00".into(),
        criticality: criticality.into(),
        failure_type: "computer_attack".into(),
        decision: "Перезапуск балансировщика".into(),
        ..Default::default()
    }
    .validate(t("20.11.2026 11:05"), received)
    .unwrap();
    s.triage(id, &triage, &actor(), t("20.11.2026 11:05"))
        .unwrap();
}
