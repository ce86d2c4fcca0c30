#![allow(clippy::unwrap_used)]
//! `desk commission tally` as shared/specs/commission.md fixes it: one JSON meeting item
//! in (stdin or `--input FILE`), one JSON object out, exit 0; a refusal is one translated
//! line naming the field on stderr, exit 2. The cases are the contract's worked cases
//! (docs/contracts/commission.md §2).

use std::process::Output;

use desk_testkit::DeskCli;
use serde_json::{Value, json};

fn desk(args: &[&str], stdin: &str) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .no_journal()
        .run_with_input(args, stdin)
}

fn answer(args: &[&str], stdin: &str) -> Value {
    let out = desk(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `n` members, `m1` the chair (or `acting` for the given id); `votes` by the first
/// members in order, who are the ones present.
fn item(n: usize, votes: &[&str], acting: Option<&str>) -> String {
    let members: Vec<Value> = (1..=n)
        .map(|i| {
            let id = format!("m{i}");
            let role = if i == 1 {
                "chair"
            } else if acting == Some(id.as_str()) {
                "acting_chair"
            } else {
                "member"
            };
            json!({"id": id, "name": format!("Мүше {i}"), "role": role})
        })
        .collect();
    item_with(&members, votes, 1)
}

/// As [`item`], the present members being the `votes.len()` starting at `m{first}`.
fn item_with(members: &[Value], votes: &[&str], first: usize) -> String {
    let present: Vec<String> = (first..first + votes.len())
        .map(|i| format!("m{i}"))
        .collect();
    let votes: serde_json::Map<String, Value> = present
        .iter()
        .zip(votes)
        .map(|(id, v)| (id.clone(), json!(v)))
        .collect();
    json!({"members": members, "present": present, "votes": votes}).to_string()
}

fn outcome(v: &Value) -> (String, u64, Value) {
    (
        v["outcome"].as_str().unwrap().to_owned(),
        v["needed"].as_u64().unwrap(),
        v["casting_vote"].clone(),
    )
}

#[test]
fn the_contracts_output_for_a_tie_the_chair_decides() {
    // The spec's output example: 5 members, 4 present, 2–2 with the chair for.
    let json = item(5, &["for", "for", "against", "against"], None);
    let out = desk(&["commission", "tally"], &json);
    // The fields in the contract's order.
    let raw = String::from_utf8_lossy(&out.stdout).into_owned();
    let keys = [
        "outcome",
        "members",
        "present",
        "quorum",
        "for",
        "against",
        "abstain",
        "recused",
        "needed",
        "casting_vote",
        "clauses",
        "explanation",
    ];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| raw.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{raw}");
    let v = answer(&["commission", "tally"], &json);
    assert_eq!(v.as_object().unwrap().len(), keys.len());
    let expected = json!({"outcome": "adopted", "members": 5, "present": 4, "quorum": 3,
        "for": 2, "against": 2, "abstain": 0, "recused": 0, "needed": 3,
        "casting_vote": "for", "clauses": ["003 §10", "003 §13"]});
    for (k, want) in expected.as_object().unwrap() {
        assert_eq!(&v[k], want, "{k}");
    }
    // The explanation is in Russian by default and names the clauses.
    let why = v["explanation"].as_str().unwrap();
    assert!(
        why.contains("Решение принято") && why.contains("003 §10, §13"),
        "{why}"
    );
}

#[test]
fn the_worked_cases_answer_as_the_contract_says() {
    let t = |n, votes: &[&str]| outcome(&answer(&["commission", "tally"], &item(n, votes, None)));
    let null = Value::Null;
    // 003 §10: 2 of 5 present is no quorum; no vote is counted.
    assert_eq!(t(5, &["for", "for"]), ("no_quorum".into(), 3, null.clone()));
    assert_eq!(
        t(5, &["for", "for", "for", "against"]),
        ("adopted".into(), 3, null.clone())
    );
    assert_eq!(
        t(5, &["against", "for", "for", "against"]),
        ("not_adopted".into(), 3, json!("against"))
    );
    // Issue 17: 3 present voting 2–1 is not a decision of a 5-member commission.
    assert_eq!(
        t(5, &["for", "for", "against"]),
        ("not_adopted".into(), 3, null.clone())
    );
    // Issue 17: 7 members, 4 present, 2–2 with the chair for is 3 of 7: not adopted.
    assert_eq!(
        t(7, &["for", "for", "against", "against"]),
        ("not_adopted".into(), 4, json!("for"))
    );
    assert_eq!(
        t(7, &["for", "for", "for", "against", "against", "against"]),
        ("adopted".into(), 4, json!("for"))
    );
    // A chair who abstains casts no deciding vote.
    assert_eq!(
        t(5, &["abstain", "for", "for", "against", "against"]),
        ("not_adopted".into(), 3, null.clone())
    );
    // The recused member counts for the quorum, not for the decision.
    let v = answer(
        &["commission", "tally"],
        &item(5, &["for", "for", "recused"], None),
    );
    assert_eq!(outcome(&v), ("not_adopted".into(), 3, null));
    assert_eq!(
        (v["present"].clone(), v["recused"].clone()),
        (json!(3), json!(1))
    );
}

#[test]
fn in_the_chairs_absence_the_acting_chair_decides_the_tie() {
    // 003 §8: m1 (the chair) absent, m2 acting; 2–2 with the acting chair for → adopted.
    let members: Vec<Value> = (1..=5)
        .map(|i| {
            let role = ["chair", "acting_chair", "member", "member", "member"][i - 1];
            json!({"id": format!("m{i}"), "name": "…", "role": role})
        })
        .collect();
    let json = item_with(&members, &["for", "for", "against", "against"], 2);
    let v = answer(&["--lang", "en", "commission", "tally"], &json);
    assert_eq!(outcome(&v), ("adopted".into(), 3, json!("for")));
    assert!(v["explanation"].as_str().unwrap().starts_with("Adopted"));
}

#[test]
fn the_item_is_read_from_a_file_and_explained_in_kazakh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("item.json");
    std::fs::write(&path, item(5, &["for", "for", "for"], None)).unwrap();
    let v = answer(
        &[
            "--lang",
            "kk",
            "commission",
            "tally",
            "--input",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(v["outcome"], "adopted");
    assert!(
        v["explanation"]
            .as_str()
            .unwrap()
            .contains("Шешім қабылданды")
    );
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let five = item(5, &["for", "for", "for"], None);
    let cases: Vec<(String, &str)> = vec![
        // 003 §5: an even number, or fewer than five.
        (item(4, &["for", "for", "for"], None), "members:"),
        (item(3, &["for", "for", "for"], None), "members:"),
        // Two chairs; no chair.
        (
            five.replacen(r#""role":"member""#, r#""role":"chair""#, 1),
            "members[1].role",
        ),
        (
            five.replace(r#""role":"chair""#, r#""role":"member""#),
            "members[].role",
        ),
        // A vote by a member not present; by a non-member.
        (
            five.replace(r#""m3":"for""#, r#""m3":"for","m5":"for""#),
            "votes.m5",
        ),
        (
            five.replace(r#""m3":"for""#, r#""m3":"for","x9":"for""#),
            "votes.x9",
        ),
        // A second vote by the same member.
        (
            five.replace(r#""m3":"for""#, r#""m3":"for","m1":"against""#),
            "votes.m1",
        ),
        // 003 §17: a present member without a vote.
        (five.replace(r#","m3":"for""#, ""), "votes:"),
        // The same member id twice.
        (
            five.replace(r#""id":"m5""#, r#""id":"m4""#),
            "members[4].id",
        ),
        // Present but no member.
        (
            five.replace(r#""present":["m1""#, r#""present":["zz","m1""#),
            "present[0]",
        ),
        // Not the contract's JSON.
        (five.replace(r#""votes""#, r#""vote""#), "vote"),
        (five.replace(r#""m2":"for""#, r#""m2":"yes""#), "votes.m2"),
        ("{".to_owned(), "input"),
    ];
    for (json, field) in cases {
        let out = desk(&["--lang", "ru", "commission", "tally"], &json);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{json}: {err}");
        assert!(out.stdout.is_empty(), "{json}");
        assert!(err.contains(field), "{field} not in {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    // Worded in the language asked for.
    let out = desk(
        &["--lang", "kk", "commission", "tally"],
        &item(4, &[], None),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("тақ санды"));
}

/// `desk commission application` (003 §19–27): a form 2 lacking the integration test
/// protocol is rejected listing it with its clause, in the language asked for; a
/// complete one gets its §23 meeting clock; bad input exits 2 naming the field.
#[test]
fn an_application_is_checked_and_its_clocks_given_without_a_journal() {
    let form2 = |documents: &[&str]| {
        json!({
            "form": "production",
            "received": "2026-11-02",
            "fields": {"owner": "«Ақ Жол» ЖШС", "bin_iin": "971240001315", "platform": "AqJol",
                       "licence": "АС-0042", "declaration": true},
            "documents": documents,
            "infosec_protocol": {"date": "2026-09-15", "positive": true},
        })
        .to_string()
    };
    let all = [
        "technical_specification",
        "non_disclosure_agreement",
        "functional_compliance",
        "compliance_evidence",
        "integration_test_protocol",
        "copyright_document",
        "tariffs",
    ];
    let v = answer(
        &[
            "--lang",
            "kk",
            "commission",
            "application",
            "check",
            "--as-of",
            "05.11.2026",
        ],
        &form2(&all[..4]),
    );
    assert_eq!(v["complete"], false);
    let missing: Vec<&str> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        ["integration_test_protocol", "copyright_document", "tariffs"]
    );
    let label = v["missing"][0]["label"].as_str().unwrap();
    assert!(
        label.contains("Интеграциялық сынақтардың оң хаттамасы жоқ"),
        "{label}"
    );
    assert!(label.contains("003 App. 2 item 6"), "{label}");
    assert_eq!(v["notes"][0]["code"], "rejected");

    let v = answer(
        &[
            "--lang",
            "ru",
            "commission",
            "application",
            "check",
            "--as-of",
            "12.11.2026",
        ],
        &form2(&all),
    );
    assert_eq!(v["complete"], true);
    let meeting = &v["clocks"][0];
    assert_eq!(meeting["duty"], "meeting");
    assert_eq!(meeting["due"], "2026-11-11");
    assert_eq!(meeting["clock"], "WD");
    assert_eq!(meeting["state"], "overdue");
    assert!(
        meeting["label"]
            .as_str()
            .unwrap()
            .contains("7 рабочих дней")
    );

    let out = desk(
        &["--lang", "en", "commission", "application", "check"],
        &form2(&["nda"]),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("desk: documents[0]: the input cannot be read"),
        "{err}"
    );
}
