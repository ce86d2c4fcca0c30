#![allow(clippy::unwrap_used)]
//! `desk commission members|meeting|protocol` (issue 17): a 5-member composition, a
//! meeting with 4 present voting 3–1 with a dissent, the protocol drafted, shown and
//! signed by the four voters, and `desk journal verify` clean afterwards. Every bad input
//! of issue 17 item 7 exits 2 with one translated line naming the field, and writes
//! nothing. A protocol drafted after its 2 working days is produced and marked late. The
//! kept protocol's PDF is signed by the four voters' test keys and verified by pdfsig,
//! pyHanko and `desk verify`.

use std::path::Path;
use std::process::Output;

use desk_testkit::desk::{expect_ok, stderr};
use desk_testkit::pki::{Ca, Key, PASSWORD};
use desk_testkit::{DeskCli, checkers};
use serde_json::{Value, json};

fn cli(dir: &Path, lang: &str) -> DeskCli {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .lang(lang)
}

const NAMES: [&str; 7] = [
    "Әлиев Нұрлан",
    "Сәрсенова Әйгерім",
    "Жұмабеков Ғалым",
    "Құрманова Үміт",
    "Өтегенов Ілияс",
    "Бекова Дана",
    "Ким Олег",
];

fn composition(n: usize) -> Value {
    let members: Vec<Value> = (1..=n)
        .map(|i| {
            let name = NAMES[i - 1];
            json!({
                "id": format!("m{i}"),
                "name": name,
                "role": if i == 1 { "chair" } else { "member" },
                "organisation": if i == 5 { "НПП «Атамекен»" } else { "Бірыңғай оператор" },
                "position": if i == 1 { "Бірінші басшының орынбасары" } else { "Бас маман" },
            })
        })
        .collect();
    json!({"order": {"number": "15-П", "date": "02.11.2026"}, "valid_from": "2026-01-01", "members": members})
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.display().to_string()
}

/// Exit 2, one line on stderr starting with `desk: FIELD`.
fn refused(out: Output, field: &str) -> String {
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("desk: {field}")), "{err}");
    assert!(out.stdout.is_empty());
    err
}

fn entries(dir: &Path) -> usize {
    let c = rusqlite::Connection::open(dir.join("journal.sqlite3")).unwrap();
    c.query_row(
        "SELECT COUNT(*) FROM audit WHERE entity = 'commission'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .unwrap() as usize
}

fn agenda(dir: &Path) -> String {
    write(
        dir,
        "agenda.json",
        &json!([
            {"title": "«Ақ Жол» ЖШС электрондық сауда алаңын сынауға жіберу", "proposal": {"kind": "test"}},
        ]),
    )
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs pdfsig, pyHanko and openssl, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn a_meeting_of_four_voting_3_1_with_a_dissent_is_drafted_and_signed_by_the_four() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let kk = cli(d, "kk");
    kk.ok(&["setup", "--workstation", "AST1"]);
    let file = write(d, "members.json", &composition(5));
    let out = kk.ok(&["commission", "members", "set", "--input", &file]);
    assert!(out.contains("15-П") && out.contains("5"), "{out}");
    assert!(
        !out.contains("Атамекен"),
        "the chamber is there: no warning\n{out}"
    );
    let today = chrono::Utc::now().date_naive().to_string();
    let ag = agenda(d);
    let out = kk.ok(&[
        "commission",
        "meeting",
        "new",
        "--number",
        "7",
        "--date",
        &today,
        "--time",
        "10:00",
        "--place",
        "Астана",
        "--agenda",
        &ag,
    ]);
    assert!(out.contains("№ 7"), "{out}");
    let out = kk.ok(&[
        "commission",
        "meeting",
        "attend",
        "--meeting",
        "7",
        "--present",
        "m1,m2,m3,m4",
    ]);
    assert!(out.contains("Кворум бар"), "{out}");
    for (m, v) in [("m1", "for"), ("m2", "for"), ("m3", "against")] {
        let out = kk.ok(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "7",
            "--item",
            "1",
            "--member",
            m,
            "--vote",
            v,
        ]);
        assert!(
            !out.contains("Шешім"),
            "not decided before the last vote\n{out}"
        );
    }
    // The last present member's vote decides the item, by the one rule: 3 of 5.
    let out = kk.ok(&[
        "commission",
        "meeting",
        "vote",
        "--meeting",
        "7",
        "--item",
        "1",
        "--member",
        "m4",
        "--vote",
        "for",
    ]);
    assert!(out.contains("Шешім қабылданды"), "{out}");
    kk.ok(&[
        "commission",
        "meeting",
        "dissent",
        "--meeting",
        "7",
        "--item",
        "1",
        "--member",
        "m3",
        "--text",
        "Қауіпсіздік сынағының хаттамасы жоқ",
    ]);
    let shown: Value =
        serde_json::from_str(&kk.ok(&["commission", "meeting", "show", "--meeting", "7"])).unwrap();
    assert_eq!(shown["items"][0]["outcome"], "adopted");
    assert_eq!(shown["items"][0]["dissents"][0]["position"], "Бас маман");

    let out = kk.ok(&["commission", "protocol", "draft", "--meeting", "7"]);
    assert!(out.contains("0") && out.contains("4"), "{out}");
    assert!(!out.contains("КЕШІГІП"), "{out}");
    let text = kk.ok(&["commission", "protocol", "show", "--meeting", "7"]);
    for expected in [
        "Комиссия отырысының № 7 хаттамасы",
        "Жұмабеков Ғалым (Бас маман): Қауіпсіздік сынағының хаттамасы жоқ",
        "Сынауға жіберу",
        "қол қоймады: Құрманова Үміт",
    ] {
        assert!(
            text.to_lowercase().contains(&expected.to_lowercase()),
            "`{expected}` missing:\n{text}"
        );
    }
    for m in ["m1", "m2", "m3", "m4"] {
        kk.ok(&[
            "commission",
            "protocol",
            "sign",
            "--meeting",
            "7",
            "--member",
            m,
        ]);
    }
    let text = kk.ok(&["commission", "protocol", "show", "--meeting", "7"]);
    assert!(!text.contains("қол қоймады"), "{text}");
    // The PDF of the kept protocol, signed by the four voters with their own keys; pdfsig,
    // pyHanko and `desk verify` find four valid signatures.
    let pdf = d.join("protocol-7.pdf");
    let out = kk.ok(&[
        "commission",
        "protocol",
        "pdf",
        "--meeting",
        "7",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.contains("protocol-7.pdf"), "{out}");
    let words = checkers::pdftotext(&pdf);
    for expected in [
        "Комиссия отырысының № 7 хаттамасы",
        "Қауіпсіздік сынағының хаттамасы жоқ",
        "Жұмабеков Ғалым",
    ] {
        assert!(words.contains(expected), "`{expected}` missing:\n{words}");
    }
    let ca = Ca::new();
    let keys = [
        ca.signer("chair", Key::Rsa2048),
        ca.signer("member2", Key::P256),
        ca.signer("member3", Key::Rsa2048),
        ca.signer("member4", Key::P256),
    ];
    let signing = kk.clone().env("KEY_PASSWORD", PASSWORD);
    for key in &keys {
        signing.ok(&[
            "sign",
            pdf.to_str().unwrap(),
            "--p12",
            key.p12.to_str().unwrap(),
            "--password-env",
            "KEY_PASSWORD",
        ]);
    }
    let sig = checkers::pdfsig(d, &pdf);
    assert_eq!(sig.matches("Signature is Valid").count(), 4, "{sig}");
    let trust = ca.path("ca.pem");
    let py = checkers::pyhanko_validate(d, &trust, &pdf);
    assert!(py.status.success(), "{}", desk_testkit::desk::text(&py));
    expect_ok(kk.run(&[
        "verify",
        pdf.to_str().unwrap(),
        "--trust",
        ca.dir.path().to_str().unwrap(),
    ]));
    // The absent member did not vote and does not sign (003 §14).
    let err = refused(
        kk.run(&[
            "commission",
            "protocol",
            "sign",
            "--meeting",
            "7",
            "--member",
            "m5",
        ]),
        "signers.m5",
    );
    assert!(err.contains("003 §14"), "{err}");
    // 003 §23 and §15: the notice to the members, and the signed file published with its
    // summary.
    let notice = d.join("notice-7.pdf");
    kk.ok(&[
        "commission",
        "meeting",
        "notice",
        "--meeting",
        "7",
        "--out",
        notice.to_str().unwrap(),
    ]);
    assert!(checkers::pdftotext(&notice).contains("№ 7 Комиссия отырысы туралы хабарлама"));
    let published = d.join("site");
    let out = kk.ok(&[
        "commission",
        "protocol",
        "publish",
        "--meeting",
        "7",
        "--out",
        published.to_str().unwrap(),
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.contains("protocol-7.pdf"), "{out}");
    assert_eq!(
        std::fs::read(published.join("protocol-7.pdf")).unwrap(),
        std::fs::read(&pdf).unwrap()
    );
    expect_ok(kk.run(&["journal", "verify"]));
}

#[test]
fn each_bad_input_exits_2_naming_the_field_and_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ru = cli(d, "ru");
    ru.ok(&["setup", "--workstation", "AST1"]);
    // 003 §5: an even number and fewer than five.
    for n in [4, 3] {
        let file = write(d, "members.json", &composition(n));
        let err = refused(
            ru.run(&["commission", "members", "set", "--input", &file]),
            "members",
        );
        assert!(err.contains("003 §5"), "{err}");
    }
    let broken = d.join("broken.json");
    std::fs::write(&broken, "{").unwrap();
    refused(
        ru.run(&[
            "commission",
            "members",
            "set",
            "--input",
            broken.to_str().unwrap(),
        ]),
        "input",
    );
    assert_eq!(entries(d), 0);
    let file = write(d, "members.json", &composition(7));
    ru.ok(&["commission", "members", "set", "--input", &file]);

    // 003 §7.3: a refusal without reasons.
    let no_reasons = write(
        d,
        "refuse.json",
        &json!([{"title": "«Береке» ЖШС", "proposal": {"kind": "refuse", "reasons": " "}}]),
    );
    let err = refused(
        ru.run(&[
            "commission",
            "meeting",
            "new",
            "--number",
            "1",
            "--date",
            "2026-11-26",
            "--time",
            "10:00",
            "--place",
            "Астана",
            "--agenda",
            &no_reasons,
        ]),
        "agenda[0].proposal.reasons",
    );
    assert!(err.contains("003 §7.3"), "{err}");
    let ag = agenda(d);
    ru.ok(&[
        "commission",
        "meeting",
        "new",
        "--number",
        "1",
        "--date",
        "2026-11-26",
        "--time",
        "10:00",
        "--place",
        "Астана",
        "--agenda",
        &ag,
        "--item",
        "Разное",
    ]);
    let before = entries(d);
    // A vote before the roll call.
    refused(
        ru.run(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "1",
            "--item",
            "1",
            "--member",
            "m1",
            "--vote",
            "for",
        ]),
        "present",
    );
    // 7 members, 3 present: no quorum (4 needed), so no vote at all (003 §10).
    ru.ok(&[
        "commission",
        "meeting",
        "attend",
        "--meeting",
        "1",
        "--present",
        "m1,m2,m3",
    ]);
    let err = refused(
        ru.run(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "1",
            "--item",
            "1",
            "--member",
            "m1",
            "--vote",
            "for",
        ]),
        "present",
    );
    assert!(err.contains("003 §10"), "{err}");
    assert_eq!(
        entries(d),
        before + 3,
        "the roll call and two no-quorum decisions"
    );

    // A meeting with a quorum: 4 of 7.
    ru.ok(&[
        "commission",
        "meeting",
        "new",
        "--number",
        "2",
        "--date",
        "2026-11-27",
        "--time",
        "15:30",
        "--place",
        "Астана",
        "--agenda",
        &ag,
    ]);
    ru.ok(&[
        "commission",
        "meeting",
        "attend",
        "--meeting",
        "2",
        "--present",
        "m1,m2,m3,m4",
    ]);
    ru.ok(&[
        "commission",
        "meeting",
        "vote",
        "--meeting",
        "2",
        "--item",
        "1",
        "--member",
        "m1",
        "--vote",
        "for",
    ]);
    let before = entries(d);
    for (member, field) in [("m9", "votes.m9"), ("m6", "votes.m6"), ("m1", "votes.m1")] {
        refused(
            ru.run(&[
                "commission",
                "meeting",
                "vote",
                "--meeting",
                "2",
                "--item",
                "1",
                "--member",
                member,
                "--vote",
                "against",
            ]),
            field,
        );
    }
    refused(
        ru.run(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "2",
            "--item",
            "2",
            "--member",
            "m2",
            "--vote",
            "for",
        ]),
        "item",
    );
    refused(
        ru.run(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "2",
            "--item",
            "1",
            "--member",
            "m2",
            "--vote",
            "recused",
        ]),
        "votes.m2.conflict",
    );
    // A protocol before every present member voted names who has not (003 §17).
    let err = refused(
        ru.run(&["commission", "protocol", "draft", "--meeting", "2"]),
        "votes",
    );
    assert!(err.contains("m2"), "{err}");
    refused(
        ru.run(&[
            "commission",
            "protocol",
            "sign",
            "--meeting",
            "2",
            "--member",
            "m1",
        ]),
        "protocol",
    );
    refused(
        ru.run(&["commission", "protocol", "show", "--meeting", "3"]),
        "meeting",
    );
    // An unknown vote is a usage error, translated, exit 2.
    let out = ru.run(&[
        "commission",
        "meeting",
        "vote",
        "--meeting",
        "2",
        "--item",
        "1",
        "--member",
        "m2",
        "--vote",
        "maybe",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(entries(d), before);
    // 2–2 with the chair for is 3 of 7: not adopted (003 §13).
    for (m, v) in [("m2", "for"), ("m3", "against")] {
        ru.ok(&[
            "commission",
            "meeting",
            "vote",
            "--meeting",
            "2",
            "--item",
            "1",
            "--member",
            m,
            "--vote",
            v,
        ]);
    }
    let out = ru.ok(&[
        "commission",
        "meeting",
        "vote",
        "--meeting",
        "2",
        "--item",
        "1",
        "--member",
        "m4",
        "--vote",
        "against",
    ]);
    assert!(out.contains("Решение не принято"), "{out}");
    expect_ok(ru.run(&["journal", "verify"]));

    // The 2 working days after 27.11.2026 are long past: produced, marked late.
    let out = ru.ok(&["commission", "protocol", "draft", "--meeting", "2"]);
    assert!(out.contains("ОФОРМЛЕН С ОПОЗДАНИЕМ"), "{out}");
    let text = ru.ok(&["commission", "protocol", "show", "--meeting", "2"]);
    assert!(text.contains("с опозданием"), "{text}");
    assert!(
        text.contains("01.12.2026"),
        "due by the end of 01.12.2026:\n{text}"
    );
}
