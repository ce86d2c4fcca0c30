#![allow(clippy::unwrap_used)]
//! The text of `desk deadlines` output: fields in the order deadlines.md §3 shows them,
//! RFC 3339 instants in Astana time with whole seconds.

use desk_testkit::DeskCli;

#[test]
fn fields_come_in_the_order_of_the_spec() {
    // Received in UTC at 08:10:30.5Z = 13:10:30 Astana, shown without the fraction.
    let out = DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .no_journal()
        .run_with_input(
            &["deadlines"],
            r#"{"rules": "QUASI-1216", "appeal": {"channel": "email", "received_at": "2026-03-10T08:10:30.5Z"},
                 "events": [{"kind": "registered", "at": "2026-03-10T14:40:00+05:00"}]}"#,
        );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    assert!(at("rules") < at("obligations"), "{text}");
    let order = ["id", "clause", "clock", "trigger", "due", "state", "met_at"];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
    assert!(
        text.contains(r#""trigger":"2026-03-10T13:10:30+05:00""#),
        "{text}"
    );
}
