//! Dates as users write them, and periods with explicit ends.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::FieldName;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Parses `2026-03-01` or `01/03/2026`. A date that does not exist (`31/02/2026`) is refused
/// with a message that says so.
pub fn parse_date(field: impl Into<FieldName>, text: &str) -> Result<NaiveDate> {
    let field = &field.into();
    let s = text.trim();
    let parts: Option<(i32, u32, u32)> = if let Some((y, rest)) = s.split_once('-') {
        rest.split_once('-')
            .and_then(|(m, d)| Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)))
            .filter(|_| y.len() == 4)
    } else if let Some((d, rest)) = s.split_once('/') {
        rest.split_once('/')
            .and_then(|(m, y)| Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)))
            .filter(|_| s.len() == 10)
    } else {
        None
    };
    let Some((y, m, d)) = parts else {
        return Err(Error::invalid(
            field,
            text,
            format!("date « {text} » illisible : écrivez AAAA-MM-JJ ou JJ/MM/AAAA"),
            format!("unreadable date “{text}”: write YYYY-MM-DD or DD/MM/YYYY"),
        ));
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        Error::invalid(
            field,
            text,
            format!("la date « {text} » n'existe pas"),
            format!("the date “{text}” does not exist"),
        )
    })
}

/// A span of days: `start` included, `end_exclusive` excluded, so consecutive periods
/// touch without overlapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end_exclusive: NaiveDate,
}

impl Period {
    pub fn new(start: NaiveDate, end_exclusive: NaiveDate) -> Result<Self> {
        if end_exclusive <= start {
            return Err(Error::invalid(
                "période",
                format!("{start} → {end_exclusive}"),
                "la fin d'une période doit suivre son début",
                "a period must end after it starts",
            ));
        }
        Ok(Period {
            start,
            end_exclusive,
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end_exclusive
    }

    /// The last day the period covers, inclusive: what a person is shown.
    pub fn last_day(&self) -> NaiveDate {
        last_day_before(self.end_exclusive)
    }

    /// The civil year `year`: 1 January included to 1 January of the next year excluded.
    pub fn civil_year(year: i32) -> Self {
        Period {
            start: NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists"),
            end_exclusive: NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("1 January exists"),
        }
    }

    /// The financial year that *starts* in `year`, given its first day as (month, day).
    pub fn fiscal_year(year: i32, start: (u32, u32)) -> Self {
        let first = clamp_day(year, start.0, start.1);
        let next = clamp_day(year + 1, start.0, start.1);
        Period {
            start: first,
            end_exclusive: next,
        }
    }
}

/// `start + n months`, where a day missing in the target month falls back to the month's last
/// day (31 January + 1 month = 28 or 29 February).
pub fn add_months(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(months))
        .expect("date within chrono's range")
}

/// A day of a year; 29 February in a common year becomes 28 February.
pub fn clamp_day(year: i32, month: u32, day: u32) -> NaiveDate {
    (0..4)
        .find_map(|back| NaiveDate::from_ymd_opt(year, month, day - back))
        .expect("a month has at least 28 days")
}

/// The day before an exclusive end: the last day covered, as people say it.
pub fn last_day_before(end_exclusive: NaiveDate) -> NaiveDate {
    end_exclusive.pred_opt().unwrap_or(end_exclusive)
}

/// A day as French tables and fields write it: `05/12/2026`.
pub fn day_fr(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Today on this computer's calendar: the day the desktop shell and the CLI act on (so the
/// shell needs no date library of its own).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Now, as stored in the database (UTC, ISO 8601, to the second).
pub fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_and_french_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(parse_date("date", "2026-03-01").unwrap(), d);
        assert_eq!(parse_date("date", "01/03/2026").unwrap(), d);
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        let err = parse_date("date", "31/02/2026").unwrap_err();
        assert!(err.to_string().contains("n'existe pas"), "{err}");
        assert!(parse_date("date", "2026-13-01").is_err());
        assert!(parse_date("date", "1/3/26").is_err());
        assert!(parse_date("date", "hier").is_err());
    }

    #[test]
    fn months_fall_back_to_the_last_day() {
        let jan31 = NaiveDate::from_ymd_opt(2028, 1, 31).unwrap();
        assert_eq!(
            add_months(jan31, 1),
            NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
        );
        assert_eq!(
            clamp_day(2027, 2, 29),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
    }
}
