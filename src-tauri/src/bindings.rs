//! The TypeScript types of what the commands return, generated from the Rust types so the UI
//! and the shell cannot drift apart. They are committed in ui/src/generated/; this test fails
//! when they are stale. Regenerate with `make bindings`.

use crate::commands::association::AssociationSummary;
use crate::commands::books::{
    AccountAmount, BooksStatement, ClosedYearView, FinancialYearRow, FinancialYears,
    StatementSection, VolunteeringForm, VolunteeringRow, VolunteeringView,
};
use crate::commands::dashboard::DashboardFigures;
use crate::commands::database::AssociationDetails;
use crate::commands::exports::ExportWritten;
use crate::commands::files::FileChoice;
use crate::commands::helloasso::{HelloassoConfigureForm, HelloassoStatusView, HelloassoSyncView};
use crate::commands::imports::{
    ColumnGuess, ColumnMapping, ImportKind, ImportReportView, ImportRowView, MemberColumns,
    PahekoAccountView, PahekoItemView, PahekoReportView,
};
use crate::commands::members::{
    AccountToDeleteView, AccountView, EntryView, ErasureDone, ErasurePlanView, ExportDone,
    HistoryRow, MemberFields, MemberList, MemberListQuery, MemberPageView, MemberSaved, PlanOption,
    ReceiptView, SubscriptionView,
};
use crate::commands::reports::{
    AuthorityRequestForm, AuthorityRequestRow, CharterRegisters, RegisterAdded, ReportFile,
    ReportPreview, SignoffForm, SignoffRow, SoftwareForm, SoftwareRow,
};
use crate::commands::requests::{AnswerFields, ExtensionFields, NewRequestFields, RequestView};
use crate::commands::{accounts, nextcloud, plans, settings};
use crate::session::{DatabaseStatus, LocalisedText, StartupProblem};
use panier::ops::members::MemberListRow;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated")
}

/// Each exported type with its TypeScript file's content.
fn bindings() -> Vec<(String, String)> {
    fn one<T: TS + 'static>() -> (String, String) {
        // Fixed settings, not the environment's: the files must not depend on who runs this.
        let config = Config::new();
        let text = T::export_to_string(&config).expect("ts-rs could not render a type");
        (format!("{}.ts", T::name(&config)), text)
    }
    vec![
        one::<DatabaseStatus>(),
        one::<StartupProblem>(),
        one::<AssociationSummary>(),
        one::<LocalisedText>(),
        one::<FileChoice>(),
        // money
        one::<crate::form::FormError>(),
        one::<panier::kernel::field::Field>(),
        // mail
        one::<panier::bridges::mail::MailServer>(),
        one::<panier::bridges::mail::MailServerInput>(),
        one::<panier::bridges::mail::TlsMode>(),
        one::<panier::bridges::mail::Delivery>(),
        one::<panier::bridges::mail::TestMail>(),
        one::<panier::bridges::mail::reminders::ReminderPlan>(),
        one::<panier::bridges::mail::reminders::ReminderRun>(),
        one::<panier::bridges::mail::reminders::ReminderOutcome>(),
        one::<panier::bridges::mail::reminders::Skipped>(),
        one::<panier::bridges::mail::log::LogLine>(),
        one::<panier::bridges::mail::receipts::ReceiptMail>(),
        one::<panier::ops::money::ReceiptMark>(),
        one::<panier::ops::money::MoneyEntry>(),
        one::<panier::ops::money::MoneyOverview>(),
        one::<panier::ops::money::PlanChoice>(),
        one::<panier::ops::money::CategoryChoice>(),
        one::<panier::ops::money::MoneyChoices>(),
        one::<panier::ops::money::MemberChoice>(),
        one::<panier::ops::money::PaymentForm>(),
        one::<panier::ops::money::PaymentSplit>(),
        one::<panier::ops::money::DonationForm>(),
        one::<panier::ops::money::ExpenseForm>(),
        one::<panier::ops::money::ReversalDone>(),
        one::<panier::ops::money::RecurringRow>(),
        one::<panier::ops::money::RecurringForm>(),
        one::<crate::commands::receipts::ReceiptWritten>(),
        one::<crate::commands::receipts::ReceiptRow>(),
        one::<crate::commands::renewals::RenewalRow>(),
        one::<crate::commands::renewals::RenewalsView>(),
        one::<crate::commands::renewals::ReminderView>(),
        one::<crate::commands::renewals::TemplateText>(),
        one::<crate::commands::renewals::TemplatesView>(),
        // admin
        one::<plans::PlanRow>(),
        one::<plans::PlanForm>(),
        one::<accounts::DowngradeView>(),
        one::<accounts::AccountRow>(),
        one::<accounts::FilterCounts>(),
        one::<accounts::AccountsView>(),
        one::<accounts::MemberPick>(),
        one::<accounts::GrantForm>(),
        one::<accounts::GrantRow>(),
        one::<nextcloud::NextcloudSettings>(),
        one::<nextcloud::ConnectionTest>(),
        one::<nextcloud::ActionView>(),
        one::<nextcloud::PlanItemView>(),
        one::<nextcloud::ProposalView>(),
        one::<nextcloud::SyncPlanView>(),
        one::<nextcloud::AccountResultView>(),
        one::<nextcloud::ApplyView>(),
        one::<nextcloud::PullResultView>(),
        one::<nextcloud::PullView>(),
        one::<settings::SettingField>(),
        one::<settings::BackupRow>(),
        one::<settings::BackupsView>(),
        // public
        one::<ReportPreview>(),
        one::<ReportFile>(),
        one::<AuthorityRequestRow>(),
        one::<SoftwareRow>(),
        one::<SignoffRow>(),
        one::<CharterRegisters>(),
        one::<RegisterAdded>(),
        one::<AuthorityRequestForm>(),
        one::<SoftwareForm>(),
        one::<SignoffForm>(),
        one::<FinancialYearRow>(),
        one::<FinancialYears>(),
        one::<AccountAmount>(),
        one::<StatementSection>(),
        one::<BooksStatement>(),
        one::<ClosedYearView>(),
        one::<VolunteeringRow>(),
        one::<VolunteeringView>(),
        one::<VolunteeringForm>(),
        one::<ExportWritten>(),
        one::<ImportKind>(),
        one::<MemberColumns>(),
        one::<ColumnGuess>(),
        one::<ColumnMapping>(),
        one::<ImportRowView>(),
        one::<ImportReportView>(),
        one::<PahekoItemView>(),
        one::<PahekoAccountView>(),
        one::<PahekoReportView>(),
        one::<HelloassoStatusView>(),
        one::<HelloassoConfigureForm>(),
        one::<HelloassoSyncView>(),
        // people
        one::<AssociationDetails>(),
        one::<DashboardFigures>(),
        one::<MemberListQuery>(),
        one::<MemberListRow>(),
        one::<MemberList>(),
        one::<PlanOption>(),
        one::<MemberFields>(),
        one::<MemberSaved>(),
        one::<SubscriptionView>(),
        one::<EntryView>(),
        one::<AccountView>(),
        one::<ReceiptView>(),
        one::<HistoryRow>(),
        one::<MemberPageView>(),
        one::<ExportDone>(),
        one::<AccountToDeleteView>(),
        one::<ErasurePlanView>(),
        one::<ErasureDone>(),
        one::<RequestView>(),
        one::<NewRequestFields>(),
        one::<ExtensionFields>(),
        one::<AnswerFields>(),
        // (each area adds its types here, after a `// <area>` line)
    ]
}

#[test]
fn generated_typescript_types_are_up_to_date() {
    let dir = generated_dir();
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    let commands = (
        "commands.ts".to_string(),
        crate::registry::commands_typescript(),
    );
    for (file, text) in bindings().into_iter().chain([commands]) {
        let path = dir.join(&file);
        if update {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "ui/src/generated is stale ({}): run `make bindings` and commit the result",
        stale.join(", ")
    );
}
