//! Volunteer time as the core records it, for `panier volunteering add|list` and any client
//! wanting the records themselves (member ids, the year's summary with its accounts) rather
//! than the Books panel's view (`volunteering_year` / `add_volunteering` in [`super::books`],
//! which records through [`Record`] and answers the panel).

use super::books::check_year;
use super::{Access, Area, Operation};
use crate::books::volunteering::{self, NewVolunteering, Volunteering, YearSummary};
use crate::books::years::FinancialYear;
use crate::kernel::dates::date_or_today;
use crate::kernel::error::Result;
use crate::people::members;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};

/// Which financial year (by the year it starts in).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct VolunteeringYearOf {
    pub year: i32,
}

/// The time given in a financial year, in day order, and the year's summary: what
/// `panier volunteering list --format json` prints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VolunteeringRecords {
    pub records: Vec<Volunteering>,
    pub summary: YearSummary,
}

/// The records of a financial year and its summary.
pub struct Records;

impl Operation for Records {
    const NAME: &'static str = "volunteering_records";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = VolunteeringYearOf;
    type Response = VolunteeringRecords;

    fn run(db: &mut Database, asked: VolunteeringYearOf) -> Result<VolunteeringRecords> {
        let year = check_year(asked.year)?;
        let conn = db.conn();
        let period = FinancialYear::starting_in(conn, year)?.period;
        Ok(VolunteeringRecords {
            records: volunteering::list(conn, period)?,
            summary: volunteering::year_summary(conn, year)?,
        })
    }
}

/// Time given, as typed: hours `2` or `2.5`, the day (today when absent), the member who gave
/// it by id or email (none when absent).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VolunteeringTime {
    pub hours: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub label: String,
}

/// Records time given, possibly by a named member (the core checks the hours and refuses a
/// closed year); answers the record.
pub struct Record;

impl Operation for Record {
    const NAME: &'static str = "record_volunteering";
    const ACCESS: Access = Access::Write(Area::Books);
    type Request = VolunteeringTime;
    type Response = Volunteering;

    fn run(db: &mut Database, time: VolunteeringTime) -> Result<Volunteering> {
        let member = match time.member.as_deref() {
            Some(named) => Some(members::find(db.conn(), named)?.id),
            None => None,
        };
        let date = date_or_today("date", time.date.as_deref())?;
        volunteering::add(
            db,
            &NewVolunteering {
                date,
                hours: volunteering::parse_hours(&time.hours)?,
                member,
                label: time.label,
            },
        )
    }
}
