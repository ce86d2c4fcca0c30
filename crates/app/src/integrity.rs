//! Whether the journal is what its audit chain says (issue 11 item 2): the full check as
//! a service (`desk journal verify`, the supervisor's screen), its report in the user's
//! language, the chain head that documents print, and the quick check at start.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use desk_i18n::{Lang, tr};
use desk_store::{
    ChainHead, Problem, ProblemKind, Progress, Stage, Store, StoreError, Verification,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workflow::AuditStatus;
use crate::{AppError, Desk};

/// One line for a finding, naming its entry and row.
pub fn problem_line(p: &Problem, lang: Lang) -> String {
    let seq = p.seq.map(|s| s.to_string()).unwrap_or_default();
    match p.kind {
        ProblemKind::Link | ProblemKind::Content => {
            let reason = if p.kind == ProblemKind::Link {
                "verify-reason-link"
            } else {
                "verify-reason-content"
            };
            let reason = format!("{} ({})", tr(lang, reason, &[]), p.what);
            tr(lang, "verify-broken", &[("seq", &seq), ("reason", &reason)])
        }
        kind => tr(
            lang,
            &format!("verify-problem-{}", kind.code()),
            &[("seq", &seq), ("what", &p.what)],
        ),
    }
}

/// The check's report: its verdict, what is not covered, the chain head, every finding.
pub fn verification_report(v: &Verification, lang: Lang) -> String {
    let mut lines = Vec::new();
    if v.intact() {
        lines.push(tr(lang, "verify-ok", &[("count", &v.entries.to_string())]));
        lines.push(tr(
            lang,
            "verify-full-ok",
            &[("appeals", &v.appeals.to_string())],
        ));
    } else {
        lines.push(tr(
            lang,
            "verify-damaged",
            &[("count", &v.problem_count.to_string())],
        ));
        lines.extend(v.problems.iter().map(|p| problem_line(p, lang)));
        let more = v.problem_count.saturating_sub(v.problems.len() as u64);
        if more > 0 {
            lines.push(tr(lang, "verify-more", &[("count", &more.to_string())]));
        }
    }
    if v.entries_not_covered > 0 || v.rows_not_covered > 0 {
        lines.push(tr(
            lang,
            "verify-not-covered",
            &[
                ("entries", &v.entries_not_covered.to_string()),
                ("rows", &v.rows_not_covered.to_string()),
            ],
        ));
    }
    if let Some(h) = &v.head {
        lines.push(tr(lang, "verify-head", &[("head", &h.to_string())]));
    }
    lines.join("\n")
}

/// A finished check: its report, and the error when it found anything.
#[derive(Debug)]
pub struct Checked {
    pub report: String,
    pub failure: Option<AppError>,
}

/// Reads a printed chain head, `SEQ:HASH`.
pub fn parse_head(text: &str) -> Result<ChainHead, AppError> {
    text.parse()
        .map_err(|()| AppError::BadChainHead(text.to_owned()))
}

/// How far the supervisor's journal check is, for the window's progress bar: the check of a
/// large journal takes minutes (a million appeals: about two and a half). It runs on one
/// pooled `Desk` while the window asks on another, so the figure lives beside them, one per
/// process.
static CHECK_PROGRESS: Mutex<Option<CheckProgress>> = Mutex::new(None);

/// Where a running journal check is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckProgress {
    /// What it is checking now, in the user's language.
    pub stage: String,
    /// Which stage (1 to `steps`).
    pub step: u8,
    pub steps: u8,
    /// 0–100 within the stage (its total is an estimate, so it never passes 100).
    pub percent: u8,
}

fn stage_step(stage: Stage) -> (u8, &'static str) {
    match stage {
        Stage::Chain => (1, "verify-stage-chain"),
        Stage::Rows => (2, "verify-stage-rows"),
        Stage::Projections => (3, "verify-stage-projections"),
        Stage::File => (4, "verify-stage-file"),
    }
}

fn progress_of(p: Progress, lang: Lang) -> CheckProgress {
    let (step, id) = stage_step(p.stage);
    let percent = p
        .done
        .saturating_mul(100)
        .checked_div(p.total)
        .map_or(0, |v| v.min(100) as u8);
    CheckProgress {
        stage: tr(lang, id, &[]),
        step,
        steps: 4,
        percent,
    }
}

fn set_progress(p: Option<CheckProgress>) {
    *CHECK_PROGRESS
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = p;
}

impl Desk {
    /// Where the journal check the window started is; `None` when none runs.
    pub fn check_progress(&self) -> Option<CheckProgress> {
        CHECK_PROGRESS
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The full check (chain, rows, projections, file); `head` is a chain head printed on
    /// an extract or daily analysis that the journal must still contain. `progress` is told
    /// how far it is (the window's progress bar).
    pub fn verify_journal(
        &self,
        head: Option<&str>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Verification, AppError> {
        let head = head.map(parse_head).transpose()?;
        Ok(self.store.verify(head.as_ref(), progress)?)
    }

    /// The check's report in `lang`, and the error it ends with when anything was found
    /// (`desk journal verify` prints the report and exits 1).
    pub fn verify_checked(&self, head: Option<&str>, lang: Lang) -> Result<Checked, AppError> {
        let v = self.verify_journal(head, &mut |_| {})?;
        Ok(Checked {
            report: verification_report(&v, lang),
            failure: v.problems.first().map(|first| AppError::AuditBroken {
                first: first.clone(),
                count: v.problem_count,
            }),
        })
    }

    /// The check for the supervisor's screen, in the user's language.
    pub fn audit_status(&self) -> Result<AuditStatus, AppError> {
        let lang = self.language();
        let mut last = None;
        let result = self.verify_journal(None, &mut |p| {
            let now = progress_of(p, lang);
            // Only a change is published: the check reports every few thousand rows.
            if last.as_ref() != Some(&(now.step, now.percent)) {
                last = Some((now.step, now.percent));
                set_progress(Some(now));
            }
        });
        set_progress(None);
        let v = result?;
        Ok(AuditStatus {
            intact: v.intact(),
            message: verification_report(&v, self.language()),
        })
    }

    /// The newest entry of the audit chain as documents print it (`SEQ:HASH`), empty for
    /// a journal with no entry yet.
    pub fn chain_head(&self) -> Result<String, AppError> {
        Ok(self
            .store
            .chain_head()?
            .map(|h| h.to_string())
            .unwrap_or_default())
    }
}

/// The quick check's verdict per journal file in this process: `None` while it runs.
/// The window opens a connection per command, and a damaged file must stay refused on
/// every one once the check has found it.
type Verdicts = HashMap<PathBuf, Option<Vec<String>>>;
static CHECKED: Mutex<Option<Verdicts>> = Mutex::new(None);

fn damaged(path: &Path, problems: &[String]) -> AppError {
    AppError::Store(StoreError::Damaged {
        path: path.to_owned(),
        detail: problems
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
    })
}

/// SQLite's quick check of the file, started at the first open in this process (issue 11
/// item 2). It reads the whole file (4.4 s on a million appeals, BENCHMARKS.md), so it
/// runs on its own connection beside the work instead of before it; once it has found
/// damage, every later open refuses the journal with a message saying so. A page that
/// cannot be read meanwhile is reported the same way when it is met
/// ([`AppError::message`]).
pub(crate) fn check_at_start(path: &Path) -> Result<(), AppError> {
    let mut checked = CHECKED.lock().unwrap_or_else(PoisonError::into_inner);
    let verdicts = checked.get_or_insert_with(HashMap::new);
    match verdicts.get(path) {
        Some(Some(problems)) if !problems.is_empty() => Err(damaged(path, problems)),
        Some(_) => Ok(()),
        None => {
            verdicts.insert(path.to_owned(), None);
            let path = path.to_owned();
            let spawned = std::thread::Builder::new()
                .name("journal-quick-check".into())
                .spawn(move || {
                    let problems = match Store::open(&path) {
                        Ok(store) => store.quick_check(),
                        Err(e) => vec![e.to_string()],
                    };
                    if !problems.is_empty() {
                        tracing::error!(path = %path.display(), ?problems, "the journal file is damaged");
                    }
                    let mut checked = CHECKED.lock().unwrap_or_else(PoisonError::into_inner);
                    checked
                        .get_or_insert_with(HashMap::new)
                        .insert(path, Some(problems));
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "the quick check could not start");
            }
            Ok(())
        }
    }
}

/// Waits for the quick check started at open (tests; `desk` does not wait).
pub fn quick_check_verdict(path: &Path) -> Result<(), AppError> {
    loop {
        {
            let checked = CHECKED.lock().unwrap_or_else(PoisonError::into_inner);
            match checked.as_ref().and_then(|v| v.get(path)) {
                Some(Some(problems)) if !problems.is_empty() => {
                    return Err(damaged(path, problems));
                }
                Some(Some(_)) | None => return Ok(()),
                Some(None) => {}
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_window_reads_how_far_the_check_is_and_nothing_once_it_is_done() {
        let p = progress_of(
            Progress {
                stage: Stage::Projections,
                done: 750,
                total: 1000,
            },
            Lang::Kk,
        );
        assert_eq!((p.step, p.steps, p.percent), (3, 4, 75));
        assert_eq!(p.stage, "Журнал беттері мен іздеу");
        // An estimate that falls short never shows more than the whole.
        let over = Progress {
            stage: Stage::Rows,
            done: 1200,
            total: 1000,
        };
        assert_eq!(progress_of(over, Lang::Ru).percent, 100);
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
        desk.set_workstation("AST1").unwrap();
        assert!(desk.audit_status().unwrap().intact);
        assert_eq!(desk.check_progress(), None);
    }

    #[test]
    fn a_forged_role_is_reported_in_the_users_language_naming_the_login() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(Some(dir.path())).unwrap().with_user("boss");
        desk.set_workstation("AST1").unwrap();
        let intact = desk.verify_checked(None, Lang::Kk).unwrap();
        assert!(intact.failure.is_none(), "{}", intact.report);
        assert!(
            intact.report.starts_with("Аудит тізбегі бүтін"),
            "{}",
            intact.report
        );
        assert!(intact.report.contains(&desk.chain_head().unwrap()));
        desk.store
            .connection()
            .execute(
                "INSERT INTO users(login, role) VALUES ('mallory', 'supervisor')",
                [],
            )
            .unwrap();
        for (lang, wording) in [
            (Lang::Kk, "ешбір аудит жазбасы тіркемеген жол"),
            (
                Lang::Ru,
                "строка, которую не фиксирует ни одна запись аудита",
            ),
            (Lang::En, "a row that no audit entry records"),
        ] {
            let checked = desk.verify_checked(None, lang).unwrap();
            let failure = checked.failure.unwrap();
            assert_eq!(failure.exit_code(), 1);
            let line = failure.message(lang);
            assert!(
                line.contains(wording) && line.contains("users mallory"),
                "{line}"
            );
            assert!(checked.report.contains(&line), "{}", checked.report);
        }
    }

    #[test]
    fn once_the_quick_check_at_start_finds_damage_every_open_refuses_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        // Written without a Desk: the first Desk of this process meets the damaged file.
        let path = {
            let mut store = Store::open_in_dir(dir.path()).unwrap();
            let actor = desk_store::Actor {
                user: "boss".into(),
            };
            let code = desk_journal::WorkstationCode::parse("AST1").unwrap();
            store.set_workstation(&code, &actor).unwrap();
            let now = chrono::Utc::now();
            let forms: Vec<_> = (0..200)
                .map(|i| {
                    desk_journal::NewAppeal {
                        organisation: format!("ТОО «Организация {i} с длинным названием»"),
                        bin_iin: "971240001315".into(),
                        received_at: "20.11.2026 10:15".into(),
                        channel: "phone".into(),
                        contact: "+7 701 111 22 33".into(),
                        description: "Портал недоступен".into(),
                        ..Default::default()
                    }
                    .validate(now)
                    .unwrap()
                })
                .collect();
            store
                .register_appeals_bulk(forms.iter().map(|f| (f, now)), &actor)
                .unwrap();
            store
                .connection()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .unwrap();
            store.path().to_owned()
        };
        let mut bytes = std::fs::read(&path).unwrap();
        // A few pages in the middle: the file still opens, its pages do not all read.
        let middle = bytes.len() / 4096 / 2 * 4096;
        for b in &mut bytes[middle..middle + 3 * 4096] {
            *b = 0x3C;
        }
        std::fs::write(&path, &bytes).unwrap();
        // The first open in this process for this file starts the check.
        Desk::open(Some(dir.path())).unwrap();
        let verdict = quick_check_verdict(&path).unwrap_err();
        assert!(matches!(
            verdict,
            AppError::Store(StoreError::Damaged { .. })
        ));
        match Desk::open(Some(dir.path())) {
            Err(e) => {
                let m = e.message(Lang::Ru);
                assert!(
                    m.starts_with("Файл журнала") && m.contains("повреждён"),
                    "{m}"
                );
            }
            Ok(_) => panic!("a damaged journal was opened"),
        }
    }

    #[test]
    fn a_damaged_file_and_a_bad_head_are_worded_in_every_language() {
        let damaged = AppError::Store(StoreError::Damaged {
            path: "/data/journal.sqlite3".into(),
            detail: "database disk image is malformed".into(),
        });
        for lang in [Lang::Kk, Lang::Ru, Lang::En] {
            let m = damaged.message(lang);
            assert!(
                m.contains("/data/journal.sqlite3") && m.contains("malformed"),
                "{m}"
            );
            assert!(!m.contains("err-store"), "{m}");
            let bad = parse_head("12:xyz").unwrap_err();
            assert_eq!(bad.exit_code(), 2);
            assert!(
                bad.message(lang).contains("12:xyz"),
                "{}",
                bad.message(lang)
            );
        }
    }
}
