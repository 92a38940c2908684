//! The operations: the core's public surface, one definition each — its request, its
//! response, its rule (a call into the domains) and the role allowed. The transports (the
//! CLI, the desktop shell, the team server to come) parse a request, call [`perform`] and
//! render the answer or the error; the role is checked here, so every transport enforces the
//! same rights.

pub mod accounts;
pub mod books;
pub mod charter;
pub mod dashboard;
pub mod exports;
pub mod helloasso;
pub mod imports;
pub mod mail;
pub mod members;
pub mod money;
pub mod nextcloud;
pub mod plans;
pub mod receipts;
pub mod renewals;
pub mod reports;
pub mod rights;
pub mod settings;
pub mod users;
pub mod volunteering;

use crate::kernel::error::{Error, Result};
use crate::store::db::Database;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Who acts. The desktop app runs as [`Role::Owner`] (one person on their own file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// everything
    Owner,
    /// money, books, receipts, members, plans and tiers, reports
    Treasurer,
    /// members, renewals and reminders, data requests
    Secretary,
    /// service accounts, quota, Nextcloud, the charter's registers, members' names and
    /// status (no amounts)
    Admin,
    /// reads everything, writes nothing
    Auditor,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Treasurer,
        Role::Secretary,
        Role::Admin,
        Role::Auditor,
    ];

    /// Its name in the file, on the command line and in the API (`treasurer`).
    pub fn as_str(self) -> &'static str {
        self.label().1
    }

    /// A role from its name (`owner`, `treasurer`, `secretary`, `admin`, `auditor`).
    pub fn parse(text: &str) -> Result<Role> {
        let wanted = text.trim().to_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| {
                Error::invalid(
                    "rôle",
                    text,
                    "rôle inconnu (owner, treasurer, secretary, admin ou auditor)",
                    "unknown role (owner, treasurer, secretary, admin or auditor)",
                )
            })
    }

    fn label(self) -> (&'static str, &'static str) {
        match self {
            Role::Owner => ("responsable", "owner"),
            Role::Treasurer => ("trésorier", "treasurer"),
            Role::Secretary => ("secrétaire", "secretary"),
            Role::Admin => ("admin", "admin"),
            Role::Auditor => ("vérificateur", "auditor"),
        }
    }

    /// The areas this role reads and writes (besides the reads every auditor has).
    fn works_on(self, area: Area) -> bool {
        use Area::*;
        match self {
            Role::Owner => true,
            Role::Treasurer => matches!(
                area,
                Money | Books | Receipts | Members | MemberDirectory | Plans | Reports
            ),
            Role::Secretary => matches!(area, Members | MemberDirectory | Renewals | DataRequests),
            Role::Admin => matches!(
                area,
                Accounts | Quota | Nextcloud | Charter | MemberDirectory
            ),
            Role::Auditor => false,
        }
    }

    /// Whether this role may perform an operation needing `access`.
    pub fn may(self, access: Access) -> bool {
        match access {
            Access::Read(area) => self == Role::Auditor || self.works_on(area),
            Access::Write(area) => self.works_on(area),
        }
    }
}

/// What an operation touches, for the access rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// the ledger's entries, payments, donations, expenses, reversals, recurring expenses
    Money,
    /// financial years, statements, closing, the accountant's exports
    Books,
    Receipts,
    /// members' files in full (contact details, history with amounts)
    Members,
    /// members' names, emails and status: what an admin needs to pick whose account
    MemberDirectory,
    /// renewals due and the reminders sent
    Renewals,
    /// the register of data requests (access, erasure…)
    DataRequests,
    /// service accounts
    Accounts,
    Quota,
    Nextcloud,
    /// the CHATONS charter's registers (authority requests, software, sign-offs)
    Charter,
    /// the plans and tiers offered: prices, periods, quotas
    Plans,
    /// the public report
    Reports,
    /// the association's settings and backups
    Settings,
}

/// The access an operation needs: reading or writing an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Read(Area),
    Write(Area),
}

/// One operation of the core.
pub trait Operation {
    /// Its name for every transport (the desktop command, the HTTP route).
    const NAME: &'static str;
    const ACCESS: Access;
    /// Both directions serialize: the server reads requests and writes responses; the desktop
    /// joined to a server writes requests and reads responses.
    type Request: Serialize + DeserializeOwned;
    type Response: Serialize + DeserializeOwned;
    /// The rule, without the role check: call [`perform`].
    fn run(db: &mut Database, request: Self::Request) -> Result<Self::Response>;
}

/// Performs operation `O` for `role`: refused, writing nothing, when the role may not.
pub fn perform<O: Operation>(
    db: &mut Database,
    role: Role,
    request: O::Request,
) -> Result<O::Response> {
    if !role.may(O::ACCESS) {
        let (fr, en) = role.label();
        return Err(Error::refused(
            format!(
                "le rôle « {fr} » ne permet pas cette opération ({})",
                O::NAME
            ),
            format!(
                "the “{en}” role does not allow this operation ({})",
                O::NAME
            ),
        ));
    }
    O::run(db, request)
}

/// An operation as the catalogue lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Described {
    pub name: &'static str,
    pub access: Access,
}

macro_rules! catalogue {
    ($($op:path),* $(,)?) => {
        /// Every operation, for the transports' listings and the access tests.
        pub const CATALOGUE: &[Described] = &[$(Described {
            name: <$op as Operation>::NAME,
            access: <$op as Operation>::ACCESS,
        }),*];
    };
}

/// Calls `$then![…]` with every operation's path: the one list behind [`CATALOGUE`] and the
/// transports' own tables (the team server's routes), so an operation is listed once.
#[macro_export]
macro_rules! every_operation {
    ($then:ident) => {
        $then! {
            $crate::ops::members::Search,
            $crate::ops::members::Add,
            $crate::ops::members::List,
            $crate::ops::members::Plans,
            $crate::ops::members::AddFromForm,
            $crate::ops::members::Update,
            $crate::ops::members::Delete,
            $crate::ops::members::page::Page,
            $crate::ops::rights::ListRequests,
            $crate::ops::rights::ShowRequest,
            $crate::ops::rights::AccountsDeleted,
            $crate::ops::rights::AddRequest,
            $crate::ops::rights::ExtendRequest,
            $crate::ops::rights::AnswerRequest,
            $crate::ops::rights::ErasurePlan,
            $crate::ops::rights::Erase,
            $crate::ops::rights::ExportMember,
            $crate::ops::plans::List,
            $crate::ops::plans::Add,
            $crate::ops::plans::SetArchived,
            $crate::ops::accounts::List,
            $crate::ops::accounts::MemberSearch,
            $crate::ops::accounts::Open,
            $crate::ops::accounts::SetEnabled,
            $crate::ops::accounts::GrantBonus,
            $crate::ops::accounts::Grants,
            $crate::ops::accounts::EndGrant,
            $crate::ops::nextcloud::Settings,
            $crate::ops::nextcloud::Configure,
            $crate::ops::nextcloud::TestConnection,
            $crate::ops::nextcloud::Plan,
            $crate::ops::nextcloud::Apply,
            $crate::ops::nextcloud::Pull,
            $crate::ops::charter::AuthorityRequestKinds,
            $crate::ops::charter::Registers,
            $crate::ops::charter::AddAuthorityRequest,
            $crate::ops::charter::AddSoftware,
            $crate::ops::charter::AddSignoff,
            $crate::ops::charter::Records,
            $crate::ops::charter::AnswerAuthorityRequest,
            $crate::ops::charter::SaveSoftware,
            $crate::ops::charter::RemoveSoftware,
            $crate::ops::charter::EndSignoff,
            $crate::ops::reports::DefaultYear,
            $crate::ops::reports::Preview,
            $crate::ops::reports::Figures,
            $crate::ops::settings::List,
            $crate::ops::settings::Set,
            $crate::ops::settings::Summary,
            $crate::ops::settings::Backups,
            $crate::ops::settings::BackupNow,
            $crate::ops::dashboard::Figures,
            $crate::ops::dashboard::Dashboard,
            $crate::ops::imports::MemberColumnsOf,
            $crate::ops::imports::ImportMembers,
            $crate::ops::imports::ImportHelloasso,
            $crate::ops::imports::ImportPaheko,
            $crate::ops::renewals::List,
            $crate::ops::renewals::Reminder,
            $crate::ops::renewals::MarkSent,
            $crate::ops::renewals::Templates,
            $crate::ops::renewals::SetTemplate,
            $crate::ops::receipts::Register,
            $crate::ops::receipts::Print,
            $crate::ops::receipts::PrintYearly,
            $crate::ops::books::Books,
            $crate::ops::books::ListYears,
            $crate::ops::books::Statement,
            $crate::ops::books::CloseYear,
            $crate::ops::books::VolunteeringYear,
            $crate::ops::books::AddVolunteering,
            $crate::ops::volunteering::Records,
            $crate::ops::volunteering::Record,
            $crate::ops::exports::Fec,
            $crate::ops::exports::LedgerCsv,
            $crate::ops::exports::MembersCsv,
            $crate::ops::money::Overview,
            $crate::ops::money::Choices,
            $crate::ops::money::FindMembers,
            $crate::ops::money::PreviewPayment,
            $crate::ops::money::RecordPayment,
            $crate::ops::money::RecordDonation,
            $crate::ops::money::RecordExpense,
            $crate::ops::money::ReverseEntry,
            $crate::ops::money::RecurringList,
            $crate::ops::money::AddRecurring,
            $crate::ops::money::GenerateRecurring,
            $crate::ops::helloasso::Configure,
            $crate::ops::helloasso::Status,
            $crate::ops::helloasso::Sync,
            $crate::ops::mail::MailShow,
            $crate::ops::mail::MailConfigure,
            $crate::ops::mail::MailTest,
            $crate::ops::mail::RemindersPlan,
            $crate::ops::mail::SendReminders,
            $crate::ops::mail::MailLog,
        }
    };
}

every_operation!(catalogue);
