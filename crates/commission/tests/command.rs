//! `tally_command` (shared/specs/commission.md §`desk commission tally`) over arbitrary
//! inputs: it answers or refuses naming a field, never panics, and what it answers keeps
//! the rule.
#![allow(clippy::unwrap_used)]

use desk_commission::tally_command;
use desk_i18n::Lang;
use proptest::prelude::*;
use serde_json::{Value, json};

fn role() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("chair"),
        Just("acting_chair"),
        Just("member"),
        Just("member")
    ]
}

fn vote() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("for"),
        Just("against"),
        Just("abstain"),
        Just("recused")
    ]
}

proptest! {
    #[test]
    fn any_item_is_answered_by_the_rule_or_refused_naming_a_field(
        roles in prop::collection::vec(role(), 0..10),
        present in prop::collection::vec(0usize..11, 0..10),
        votes in prop::collection::vec((0usize..11, vote()), 0..10),
    ) {
        let members: Vec<Value> = roles
            .iter()
            .enumerate()
            .map(|(i, r)| json!({"id": format!("m{i}"), "name": "x", "role": r}))
            .collect();
        let present: Vec<String> = present.iter().map(|i| format!("m{i}")).collect();
        // Written by hand so that a repeated key stays in the text.
        let votes = votes
            .iter()
            .map(|(i, v)| format!("\"m{i}\": \"{v}\""))
            .collect::<Vec<_>>()
            .join(",");
        let input = format!(
            r#"{{"members": {}, "present": {}, "votes": {{{votes}}}}}"#,
            Value::from(members),
            json!(present)
        );
        match tally_command(&input, Lang::En) {
            Ok(out) => {
                let v: Value = serde_json::from_str(&out).unwrap();
                let n = v["members"].as_u64().unwrap();
                prop_assert!(n >= 5 && n % 2 == 1);
                let fors = v["for"].as_u64().unwrap();
                let bonus = u64::from(v["casting_vote"] == "for");
                let adopted = v["outcome"] == "adopted";
                prop_assert_eq!(adopted, v["outcome"] != "no_quorum" && fors + bonus > n / 2);
                if bonus == 1 {
                    prop_assert_eq!(&v["for"], &v["against"]);
                }
            }
            Err(e) => {
                let m = e.message(Lang::Ru);
                prop_assert!(!m.is_empty() && !m.contains('\n'));
                prop_assert!(m.starts_with(&e.field()), "{}", m);
            }
        }
    }

    #[test]
    fn any_text_is_refused_not_panicked_on(text in ".{0,200}") {
        if let Err(e) = tally_command(&text, Lang::Kk) {
            prop_assert!(!e.field().is_empty());
        }
    }
}
