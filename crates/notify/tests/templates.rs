//! Every notice of issue 18 item 1 renders in Kazakh, Russian and English, with every
//! value it was given and nothing left of the template; a blank value is refused naming
//! it (item 6).

use desk_i18n::Lang;
use desk_notify::{NoticeField, NoticeKind, Values, render};

fn sample(kind: NoticeKind) -> Values {
    kind.fields()
        .iter()
        .map(|f| (*f, format!("⟨{}⟩", f.code())))
        .collect()
}

fn renders(kind: NoticeKind, lang: Lang) {
    let notice = render(kind, lang, &sample(kind)).expect("renders");
    let text = format!("{}\n{}", notice.subject, notice.body);
    for f in kind.fields() {
        assert!(
            text.contains(&format!("⟨{}⟩", f.code())),
            "{kind} {lang}: {} missing from\n{text}",
            f.code()
        );
    }
    assert!(
        !text.contains("notice-"),
        "{kind} {lang}: untranslated\n{text}"
    );
    assert!(
        !text.contains('{'),
        "{kind} {lang}: a placeable left\n{text}"
    );
    assert!(!notice.subject.contains('\n'), "one-line subject");
    assert_eq!((notice.kind, notice.lang), (kind, lang));
}

macro_rules! per_language {
    ($($name:ident: $kind:expr;)*) => {
        $(
            mod $name {
                use super::*;
                #[test]
                fn kazakh() { renders($kind, Lang::Kk) }
                #[test]
                fn russian() { renders($kind, Lang::Ru) }
                #[test]
                fn english() { renders($kind, Lang::En) }
            }
        )*
    };
}

per_language! {
    // 002 §30, 000 §17, 003 App. 4 §1.4
    incident_id: NoticeKind::IncidentId;
    // 002 §32, 000 §21
    refutation: NoticeKind::Refutation;
    // 002 §35.1, §36.2
    criticality: NoticeKind::Criticality;
    // 002 §36.2, §37.9–10
    supplier_extension: NoticeKind::SupplierExtension;
    // 002 §35.3, §36.9
    fixed: NoticeKind::Fixed;
    // 002 §36.1, §37.3; 000 §26.3
    homepage_failure: NoticeKind::HomepageFailure;
    // 002 §36.9, §37.12; 000 §26.12
    homepage_fixed: NoticeKind::HomepageFixed;
    // 002 §41, 000 §31
    maintenance: NoticeKind::Maintenance;
    // 002 §36.10, §37.13; 000 §25.3, §26.13
    authority_report: NoticeKind::AuthorityReport;
    // 003 App. 4 §1.5
    decision_extension: NoticeKind::DecisionExtension;
    // 003 §9
    commission_meeting: NoticeKind::CommissionMeeting;
}

#[test]
fn the_incident_id_reaches_the_user_in_kazakh_words() {
    // 002 §30: the ID goes to the user's e-mail.
    let mut v = Values::new();
    v.insert(NoticeField::Number, "AST1-2026-000042".into());
    v.insert(NoticeField::Received, "02.12.2026 10:15".into());
    v.insert(NoticeField::Organisation, "ТОО «Астана Құрылыс»".into());
    v.insert(NoticeField::Description, "Порталға кіру мүмкін емес".into());
    let n = render(NoticeKind::IncidentId, Lang::Kk, &v).expect("renders");
    assert_eq!(n.subject, "Өтінішіңіз тіркелді: AST1-2026-000042 инциденті");
    assert!(n.body.starts_with("Қайырлы күн,\n\n"));
    assert!(
        n.body
            .contains("ТОО «Астана Құрылыс» ұйымының 02.12.2026 10:15")
    );
}

#[test]
fn a_blank_value_is_refused_naming_its_field() {
    // Issue 18 item 6: 002 §35.1 needs the planned fix date; no notice without it.
    let mut v = sample(NoticeKind::Criticality);
    v.insert(NoticeField::PlannedFix, "  ".into());
    let e = render(NoticeKind::Criticality, Lang::Ru, &v).expect_err("refused");
    assert_eq!(e.field, NoticeField::PlannedFix);
    assert_eq!(e.field.label(Lang::Ru), "плановые дата и время устранения");
    v.remove(&NoticeField::Number);
    let e = render(NoticeKind::Criticality, Lang::En, &v).expect_err("refused");
    assert_eq!(e.field, NoticeField::Number);
}

#[test]
fn every_kind_and_field_has_a_label_in_every_language() {
    for lang in Lang::ALL {
        for k in NoticeKind::ALL {
            assert!(!k.label(lang).starts_with("notice-kind-"), "{k} {lang}");
            assert_eq!(NoticeKind::from_code(k.code()), Some(k));
            for f in k.fields() {
                assert!(!f.label(lang).starts_with("notice-field-"), "{f:?} {lang}");
            }
        }
    }
}
