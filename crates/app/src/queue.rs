//! The journal page the window shows (issue 19 item 4): each row with the duty its next
//! due belongs to, so the queue by urgency says what is due, not only when.

use desk_journal::{AppealRow, JournalQuery};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clocks::{CLOCKS_REFUSED, ObligationState};
use crate::{AppError, Desk};

/// One journal row and the duty due next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JournalRow {
    #[serde(flatten)]
    #[ts(flatten)]
    pub appeal: AppealRow,
    /// The obligation id (`inform_authority`, …; `clocks_refused` when the rules refused
    /// the history) whose due is `next_due`; `None` when nothing is due.
    pub next_duty: Option<String>,
}

impl Desk {
    /// One journal page with each row's next duty. The clocks are computed for the rows
    /// shown only, the page's own size.
    pub fn journal_page(&self, query: &JournalQuery) -> Result<Vec<JournalRow>, AppError> {
        self.list(query)?
            .into_iter()
            .map(|appeal| {
                let next_duty = match appeal.next_due {
                    None => None,
                    Some(due) => {
                        let (clocks, _) = self.compute(&appeal)?;
                        if clocks.refused.is_some() {
                            Some(CLOCKS_REFUSED.to_owned())
                        } else {
                            clocks
                                .obligations
                                .into_iter()
                                .filter(|o| o.state == ObligationState::Pending)
                                .find(|o| o.due == Some(due))
                                .map(|o| o.id)
                        }
                    }
                };
                Ok(JournalRow { appeal, next_duty })
            })
            .collect()
    }
}
