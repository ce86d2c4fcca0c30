//! Whether the journal is what its audit chain says (issue 11 item 2): the full check as
//! a service (`desk journal verify`, the supervisor's screen), its report in the user's
//! language, the chain head that documents print, and the quick check at start.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use desk_i18n::{Lang, tr};
use desk_store::{ChainHead, Problem, ProblemKind, Progress, Store, StoreError, Verification};

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

impl Desk {
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
        let v = self.verify_journal(None, &mut |_| {})?;
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

/// The quick check's verdict per journal file, taken once per process: the window opens
/// a connection per command, and a damaged file must stay refused on every one.
static CHECKED: Mutex<Option<HashMap<PathBuf, Vec<String>>>> = Mutex::new(None);

/// SQLite's quick check of the file, at the first open in this process (issue 11 item 2):
/// a damaged journal is refused with a message saying so, not worked in.
pub(crate) fn check_at_start(store: &Store, path: &Path) -> Result<(), AppError> {
    let mut checked = CHECKED.lock().unwrap_or_else(PoisonError::into_inner);
    let problems = checked
        .get_or_insert_with(HashMap::new)
        .entry(path.to_owned())
        .or_insert_with(|| store.quick_check());
    if problems.is_empty() {
        return Ok(());
    }
    tracing::error!(path = %path.display(), problems = ?problems, "the journal file is damaged");
    Err(AppError::Store(StoreError::Damaged {
        path: path.to_owned(),
        detail: problems
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
