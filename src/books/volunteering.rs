//! Volunteer time: the contributions volontaires en nature of the plan comptable (864
//! « personnel bénévole » / 875 « bénévolat »). Recorded in hours, valued at the
//! `volunteer_hour_value` setting, and shown apart from the result: they move no money.

use crate::books::chart::Account;
use crate::books::years::FinancialYear;
use crate::kernel::dates::{now_text, Period};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::MemberId;
use crate::kernel::money::{from_cents, parse_amount, to_cents, Cents};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Time given, to record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVolunteering {
    pub date: NaiveDate,
    pub hours: Decimal,
    pub member: Option<MemberId>,
    pub label: String,
}

/// Time given, as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Volunteering {
    pub id: i64,
    pub date: NaiveDate,
    pub hours: Decimal,
    pub member_id: Option<MemberId>,
    /// the member's name, empty when none is named
    pub member: String,
    pub label: String,
}

/// The volunteer time of a financial year and its value: what the statement shows apart
/// from the result, and what the public report publishes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct YearSummary {
    pub year: i32,
    pub period: Period,
    pub hours: Decimal,
    /// the `volunteer_hour_value` setting
    pub hour_value: Decimal,
    /// hours × hour value, rounded to the cent
    pub value: Decimal,
    pub records: i64,
    /// the accounts it is shown on: 864 (use of the contributions) and 875 (contributions)
    pub accounts: [String; 2],
}

/// `2.5` or `2,5` hours: positive, at most two decimals, at most 24 a day.
pub fn parse_hours(text: &str) -> Result<Decimal> {
    let hours = parse_amount("heures", text).map_err(|_| {
        Error::invalid(
            "heures",
            text,
            format!("nombre d'heures « {text} » illisible : écrivez 2 ou 2.5"),
            format!("unreadable number of hours “{text}”: write 2 or 2.5"),
        )
    })?;
    check_hours(hours)?;
    Ok(hours)
}

fn check_hours(hours: Decimal) -> Result<()> {
    if hours <= Decimal::ZERO || hours > Decimal::from(24) {
        return Err(Error::invalid(
            "heures",
            hours.to_string(),
            "un nombre d'heures de bénévolat par jour est entre 0 (exclu) et 24",
            "volunteer hours in a day are between 0 (excluded) and 24",
        ));
    }
    Ok(())
}

fn hundredths(hours: Decimal) -> Result<i64> {
    to_cents("heures", hours)
}

/// Records time given: one row, one audit row. Refused in a closed financial year.
pub fn add(db: &mut Database, new: &NewVolunteering) -> Result<Volunteering> {
    check_hours(new.hours)?;
    let amount = hundredths(new.hours)?;
    crate::books::years::refuse_if_closed(db.conn(), new.date)?;
    db.write(|tx| {
        let member = match new.member {
            Some(m) => crate::people::members::get(tx, m)?.display_name(),
            None => String::new(),
        };
        tx.execute(
            "INSERT INTO volunteering (day, hundredths, member_id, label, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                new.date.to_string(),
                amount,
                new.member,
                new.label.trim(),
                now_text()
            ],
        )?;
        let row = Volunteering {
            id: tx.last_insert_rowid(),
            date: new.date,
            hours: from_cents(amount),
            member_id: new.member,
            member,
            label: new.label.trim().to_string(),
        };
        let mut change = Change::new("record", "volunteering", Some(row.id)).after(&row);
        if let Some(m) = new.member {
            change = change.member(m);
        }
        Ok((row, change))
    })
}

/// The time given within `period`, oldest first.
pub fn list(conn: &Connection, period: Period) -> Result<Vec<Volunteering>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.day, v.hundredths, v.member_id, v.label,
                coalesce(CASE WHEN m.org_name <> '' THEN m.org_name
                              ELSE trim(m.first_name || ' ' || m.last_name) END, '')
         FROM volunteering v LEFT JOIN members m ON m.id = v.member_id
         WHERE v.day >= ?1 AND v.day < ?2 ORDER BY v.day, v.id",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| {
            let day: String = r.get(1)?;
            Ok(Volunteering {
                id: r.get(0)?,
                date: day.parse().unwrap_or_default(),
                hours: from_cents(r.get::<_, Cents>(2)?),
                member_id: r.get(3)?,
                label: r.get(4)?,
                member: r.get(5)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The value of one hour, from the `volunteer_hour_value` setting (0 when unset).
pub fn hour_value(conn: &Connection) -> Result<Decimal> {
    let text = crate::store::settings::get(conn, "volunteer_hour_value")?;
    Ok(text.trim().parse().unwrap_or(Decimal::ZERO))
}

/// The volunteer time of the financial year starting in `year`, and its value.
pub fn year_summary(conn: &Connection, year: i32) -> Result<YearSummary> {
    let period = FinancialYear::starting_in(conn, year)?.period;
    let (total, records): (Cents, i64) = conn
        .prepare_cached(
            "SELECT coalesce(sum(hundredths), 0), count(*) FROM volunteering
             WHERE day >= ?1 AND day < ?2",
        )?
        .query_row(
            params![period.start.to_string(), period.end_exclusive.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    let hours = from_cents(total);
    let hour_value = hour_value(conn)?;
    let value = (hours * hour_value).round_dp(2);
    Ok(YearSummary {
        year,
        period,
        hours,
        hour_value,
        value,
        records,
        accounts: [
            Account::VOLUNTEER_STAFF.number.to_string(),
            Account::VOLUNTEERING.number.to_string(),
        ],
    })
}
