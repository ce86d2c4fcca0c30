//! When an action happened, as the user typed it: the shared check of every form that
//! records an instant.

use chrono::{DateTime, Utc};

use crate::{Checker, Field, Problem};

/// The typed instant, or now when left empty; never before the receipt.
pub(crate) fn instant_or_now(
    c: &mut Checker,
    field: Field,
    value: &str,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let at = if value.trim().is_empty() {
        Some(now)
    } else {
        c.instant(field, value, now, true)
    };
    match at {
        // Typed times have minute precision; the receipt may carry seconds of the same minute.
        Some(t) if t < received_at - chrono::Duration::seconds(59) => {
            c.fail(field, Problem::BeforeReceipt);
            None
        }
        other => other,
    }
}
