//! Property tests of `desk deadlines` over random appeals of every rule set (deadlines.md
//! §2–3): every due is at or after its trigger; every WT/WD due lies in the rule set's
//! working time; a pause for requested information never makes the fix due earlier; a
//! paused fix is never overdue; Sunday 23:59 and Monday 00:01 give the same dues.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Duration, Utc};
use desk_rules::calendar::Calendar;
use desk_rules::clock::WorkClock;
use desk_rules::{deadlines_command, ruleset};
use proptest::prelude::*;
use serde_json::{Value, json};

const RULES: [&str; 5] = ["GZ-692", "GZ-627", "QUASI-1216", "ETP-CC", "ENERGY-366"];

fn at(base: DateTime<Utc>, minutes: i64) -> String {
    (base + Duration::minutes(minutes))
        .with_timezone(&chrono_tz::Asia::Almaty)
        .to_rfc3339()
}

fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .to_utc()
}

fn run(input: &Value) -> Value {
    serde_json::from_str(&deadlines_command(&input.to_string()).unwrap()).unwrap()
}

#[derive(Debug, Clone)]
struct Appeal {
    rules: &'static str,
    received: DateTime<Utc>,
    /// Minutes after the receipt: registration, id sent, decision, fix.
    steps: [i64; 4],
    confirmed: bool,
    criticality: &'static str,
    operator_fault: bool,
    fixed: bool,
}

impl Appeal {
    fn events(&self) -> Vec<Value> {
        let [reg, id, decided, fixed] = self.steps;
        let mut e = vec![
            json!({"kind": "registered", "at": at(self.received, reg)}),
            json!({"kind": "id_sent", "at": at(self.received, reg + id)}),
        ];
        if self.confirmed {
            e.push(
                json!({"kind": "confirmed", "at": at(self.received, reg + decided),
                          "criticality": self.criticality, "operator_fault": self.operator_fault}),
            );
            if self.fixed {
                e.push(json!({"kind": "fixed", "at": at(self.received, reg + decided + fixed)}));
            }
        } else {
            e.push(json!({"kind": "refuted", "at": at(self.received, reg + decided)}));
        }
        e
    }

    fn input(&self, extra: &[Value]) -> Value {
        let mut events = self.events();
        events.extend_from_slice(extra);
        json!({"rules": self.rules,
               "appeal": {"channel": "email", "received_at": at(self.received, 0)},
               "events": events})
    }
}

prop_compose! {
    fn appeal()(
        rules in prop::sample::select(RULES.to_vec()),
        minute in 0i64..(9 * 365 * 24 * 60),
        steps in [0i64..600, 0i64..600, 0i64..3000, 0i64..9000],
        confirmed in any::<bool>(),
        criticality in prop::sample::select(vec!["low", "medium", "high"]),
        operator_fault in any::<bool>(),
        fixed in any::<bool>(),
    ) -> Appeal {
        let base = DateTime::parse_from_rfc3339("2019-01-01T00:00:00+06:00").unwrap().to_utc();
        Appeal {
            rules,
            received: base + Duration::minutes(minute),
            steps,
            confirmed,
            criticality,
            operator_fault,
            fixed,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_due_is_at_or_after_its_trigger_and_wt_wd_dues_lie_in_working_time(a in appeal()) {
        let out = run(&a.input(&[]));
        let clock = WorkClock {
            calendar: Calendar::builtin(),
            hours: ruleset::find(a.rules).unwrap().hours,
            round_the_clock: false,
        };
        for o in out["obligations"].as_array().unwrap() {
            let (trigger, due) = (instant(&o["trigger"]), instant(&o["due"]));
            prop_assert!(due >= trigger, "{o}");
            if o["clock"] == "WT" || o["clock"] == "WD" {
                prop_assert!(clock.in_working_time(due), "{o} is outside working time");
            }
            // met / late / pending agree with met_at and due.
            let state = match o["met_at"].as_str() {
                None => "pending",
                Some(_) if instant(&o["met_at"]) <= due => "met",
                Some(_) => "late",
            };
            prop_assert_eq!(o["state"].as_str().unwrap(), state);
        }
    }

    #[test]
    fn a_pause_for_information_never_makes_the_fix_due_earlier(
        a in appeal(),
        from in 0i64..6000,
        length in 0i64..6000,
        answered in any::<bool>(),
    ) {
        let without = fix(&run(&a.input(&[])));
        let mut pause = vec![json!({"kind": "info_requested", "at": at(a.received, from)})];
        if answered {
            pause.push(json!({"kind": "info_received", "at": at(a.received, from + length)}));
        }
        let with = fix(&run(&a.input(&pause)));
        prop_assert_eq!(without.is_some(), with.is_some());
        if let (Some(without), Some(with)) = (without, with)
            && with["state"] != "paused"
        {
            let (without, with) = (instant(&without["due"]), instant(&with["due"]));
            prop_assert!(with >= without, "pause moved the fix from {} to {}", without, with);
        }
    }

    #[test]
    fn a_paused_fix_is_never_overdue(a in appeal(), from in 0i64..6000) {
        // 002 §38, deadlines.md §3.9: while information is awaited the fix has no due, so
        // nothing can judge it late; what is left never exceeds the fix's whole duration.
        let request = json!({"kind": "info_requested", "at": at(a.received, from)});
        let mut a = a;
        a.fixed = false;
        let out = run(&a.input(&[request]));
        if let Some(f) = fix(&out) {
            prop_assert_eq!(&f["state"], "paused", "{}", f);
            prop_assert!(f["due"].is_null() && f["met_at"].is_null(), "{}", f);
            let left = f["remaining_minutes"].as_i64().unwrap();
            // 5 WD of working time at most, or 12 h of calendar time.
            prop_assert!((0..=5 * 11 * 60).contains(&left), "{}", f);
        }
    }

    #[test]
    fn sunday_23_59_and_monday_00_01_give_the_same_dues(
        rules in prop::sample::select(RULES.to_vec()),
        week in 0i64..(9 * 52),
        a in appeal(),
    ) {
        // deadlines.md §2 (ed. 2): both reach the contact centre at the same opening, so
        // every obligation counted from the receipt is due at the same instant.
        let sunday = DateTime::parse_from_rfc3339("2019-01-06T23:59:00+06:00").unwrap().to_utc()
            + Duration::weeks(week);
        let monday = sunday + Duration::minutes(2);
        let answer = |received: DateTime<Utc>| {
            let a = Appeal { rules, received, ..a.clone() };
            let mut input = a.input(&[]);
            // The same history after the receipt for both: shift the events to Monday.
            input["events"] = json!(Appeal { received: monday, ..a }.events());
            run(&input)["obligations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (o["id"].clone(), o["due"].clone(), o["state"].clone()))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(answer(sunday), answer(monday));
    }
}

fn fix(out: &Value) -> Option<Value> {
    out["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "fix")
        .cloned()
}
