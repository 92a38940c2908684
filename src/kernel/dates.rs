//! Dates as users write them, and periods with explicit ends.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::FieldName;
use crate::kernel::lang::Lang;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The first day Panier takes for any date: nothing an association records comes before.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};

/// The last day Panier takes for any date (a membership "until 2200" is already absurd; a
/// year 9999 is a typo).
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => unreachable!(),
};

/// How far ahead of today a payment or a join date may be: a year (a cheque dated for
/// next year's fee is fine; next decade's is a typo).
pub const FUTURE_DAYS_ALLOWED: i64 = 366;

/// Refuses a date outside [`EARLIEST`] ..= [`LATEST`], naming the field (whatever way the
/// date came: typed, imported, or sent by the window as JSON).
pub fn check_in_range(field: impl Into<FieldName>, day: NaiveDate) -> Result<()> {
    let field: FieldName = field.into();
    if (EARLIEST..=LATEST).contains(&day) {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        day.to_string(),
        format!(
            "la date {} est hors de la plage acceptée (du {} au {})",
            day,
            day_fr(EARLIEST),
            day_fr(LATEST)
        ),
        format!("the date {day} is outside the accepted range ({EARLIEST} to {LATEST})"),
    ))
}

/// Refuses a date out of range, or more than [`FUTURE_DAYS_ALLOWED`] days after `today`: for
/// what has happened or is about to (a payment, a join date).
pub fn check_not_far_ahead(
    field: impl Into<FieldName>,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let field: FieldName = field.into();
    check_in_range(&field, day)?;
    let limit = today + chrono::Duration::days(FUTURE_DAYS_ALLOWED);
    if day > limit {
        return Err(Error::invalid(
            field,
            day.to_string(),
            format!(
                "la date {} est plus d'un an après aujourd'hui ({}) : vérifiez l'année",
                day_fr(day),
                day_fr(today)
            ),
            format!("the date {day} is more than a year after today ({today}): check the year"),
        ));
    }
    Ok(())
}

/// [`parse_date`] of a date a form may leave empty: empty (or blank) is `None`.
pub fn parse_optional_date(field: impl Into<FieldName>, text: &str) -> Result<Option<NaiveDate>> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        parse_date(field, text).map(Some)
    }
}

/// Parses `2026-03-01` or `01/03/2026`. A date that does not exist (`31/02/2026`) is refused
/// with a message that says so, and so is one outside [`EARLIEST`] ..= [`LATEST`].
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
    let day = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        Error::invalid(
            field,
            text,
            format!("la date « {text} » n'existe pas"),
            format!("the date “{text}” does not exist"),
        )
    })?;
    check_in_range(field, day)?;
    Ok(day)
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

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day as tables and fields show it: `05/12/2026` in French, `5 Dec 2026` in English (the
/// window's English format), never month first in French.
pub fn day_short(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => day_fr(day),
        Lang::En => format!(
            "{} {} {}",
            day.day(),
            &MONTHS_EN[day.month0() as usize][..3],
            day.year()
        ),
    }
}

/// A day and its month as prose says it: `1er janvier`, `5 décembre`; `1 January`.
pub fn day_and_month(day: NaiveDate, lang: Lang) -> String {
    let month = day.month0() as usize;
    match (lang, day.day()) {
        (Lang::Fr, 1) => format!("1er {}", MONTHS_FR[month]),
        (Lang::Fr, d) => format!("{d} {}", MONTHS_FR[month]),
        (Lang::En, d) => format!("{d} {}", MONTHS_EN[month]),
    }
}

/// A day as prose says it: `5 décembre 2026`, `1er janvier 2027`; `5 December 2026`.
pub fn day_long(day: NaiveDate, lang: Lang) -> String {
    format!("{} {}", day_and_month(day, lang), day.year())
}

/// Where a period stops, as a person reads it: its last day, inclusive (`jusqu'au 31/12/2026`,
/// `until 31 Dec 2026`), never the exclusive end the data keeps.
pub fn until_text(end_exclusive: NaiveDate, lang: Lang) -> String {
    let last = day_short(last_day_before(end_exclusive), lang);
    match lang {
        Lang::Fr => format!("jusqu'au {last}"),
        Lang::En => format!("until {last}"),
    }
}

/// Today on this computer's calendar: the day the desktop shell and the CLI act on (so the
/// shell needs no date library of its own).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The date typed for `field`, else today: a form's or a flag's "the day (default: today)".
pub fn date_or_today(field: impl Into<FieldName>, text: Option<&str>) -> Result<NaiveDate> {
    text.map_or_else(|| Ok(today()), |day| parse_date(field, day))
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
    fn refuses_years_out_of_range() {
        for text in ["0000-01-01", "9999-12-31", "1899-12-31", "01/01/2201"] {
            let err = parse_date("date", text).unwrap_err();
            assert!(
                err.to_string().contains("hors de la plage"),
                "{text}: {err}"
            );
        }
        parse_date("date", "1900-01-01").unwrap();
        parse_date("date", "2200-12-31").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        check_not_far_ahead(
            "payé le",
            NaiveDate::from_ymd_opt(2027, 12, 5).unwrap(),
            today,
        )
        .unwrap();
        let err = check_not_far_ahead(
            "payé le",
            NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(),
            today,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("payé le : la date 01/01/2028 est plus d'un an"),
            "{err}"
        );
    }

    #[test]
    fn days_are_written_the_way_each_language_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(day_short(d, Lang::Fr), "05/12/2026");
        assert_eq!(day_short(d, Lang::En), "5 Dec 2026");
        assert_eq!(day_long(d, Lang::Fr), "5 décembre 2026");
        assert_eq!(day_long(d, Lang::En), "5 December 2026");
        let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(day_and_month(first, Lang::Fr), "1er janvier");
        assert_eq!(day_long(first, Lang::Fr), "1er janvier 2027");
        assert_eq!(day_and_month(first, Lang::En), "1 January");
        let august = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
        assert_eq!(day_long(august, Lang::Fr), "15 août 2026");
    }

    #[test]
    fn a_period_is_shown_by_its_last_day() {
        let year = Period::civil_year(2026);
        assert_eq!(
            until_text(year.end_exclusive, Lang::Fr),
            "jusqu'au 31/12/2026"
        );
        assert_eq!(
            until_text(year.end_exclusive, Lang::En),
            "until 31 Dec 2026"
        );
        let february = NaiveDate::from_ymd_opt(2028, 3, 1).unwrap();
        assert_eq!(until_text(february, Lang::Fr), "jusqu'au 29/02/2028");
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
