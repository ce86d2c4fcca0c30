//! Astana time. Every regulation counts time "по времени города Астаны"; the database keeps
//! UTC and the screen shows Astana time, converted through the IANA zone so the switch
//! from UTC+6 to UTC+5 on 2024-03-01 is handled by tzdata, not by us.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub const ASTANA: Tz = chrono_tz::Asia::Almaty;

/// The format operators type and read: `26.11.2026 14:05`.
pub const DISPLAY_FORMAT: &str = "%d.%m.%Y %H:%M";

/// An instant, kept in UTC.
pub type Instant = DateTime<Utc>;

/// The current instant (one place to read the clock, for the CLI and the shell).
pub fn now() -> Instant {
    Utc::now()
}

/// Formats an instant as Astana wall-clock time for the screen and documents.
pub fn to_astana_display(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&ASTANA)
        .format(DISPLAY_FORMAT)
        .to_string()
}

/// Reads Astana wall-clock time as typed by an operator: `DD.MM.YYYY HH:MM`, also
/// `YYYY-MM-DD HH:MM` and `YYYY-MM-DDTHH:MM` (what date pickers produce).
pub fn parse_astana(input: &str) -> Option<DateTime<Utc>> {
    let input = input.trim();
    let naive = [
        "%d.%m.%Y %H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(input, f).ok())?;
    // Kazakhstan has no daylight saving time; a gap or overlap only happens at the
    // 2024-03-01 switch, where the earlier reading is the one people meant.
    ASTANA
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astana_is_utc_plus_6_before_march_2024_and_plus_5_after() {
        let before = parse_astana("29.02.2024 12:00").map(|t| t.to_rfc3339());
        assert_eq!(before.as_deref(), Some("2024-02-29T06:00:00+00:00"));
        let after = parse_astana("01.03.2024 12:00").map(|t| t.to_rfc3339());
        assert_eq!(after.as_deref(), Some("2024-03-01T07:00:00+00:00"));
    }

    #[test]
    fn display_round_trips_typed_time() {
        for typed in ["26.11.2026 14:05", "2026-11-26 14:05", "2026-11-26T14:05"] {
            let t = parse_astana(typed).map(to_astana_display);
            assert_eq!(t.as_deref(), Some("26.11.2026 14:05"), "{typed}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(parse_astana("31.02.2026 10:00"), None);
        assert_eq!(parse_astana("26.11.2026 25:00"), None);
        assert_eq!(parse_astana("yesterday"), None);
    }
}
