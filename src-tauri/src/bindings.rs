//! The TypeScript types of what the commands return, generated from the Rust types so the UI
//! and the shell cannot drift apart. They are committed in ui/src/generated/; this test fails
//! when they are stale. Regenerate with `make bindings`.

use crate::commands::database::AssociationDetails;
use crate::commands::exports::ExportWritten;
use crate::commands::files::FileChoice;
use crate::commands::imports::ImportKind;
use crate::commands::members::ExportDone;
use crate::commands::reports::ReportFile;
use crate::last_server::RememberedServer;
use crate::session::{
    ConnectedServer, DatabaseStatus, LocalisedText, ServerConnection, StartupProblem,
};
use panier::ops::books::{
    AccountAmount, BooksStatement, ClosedYearView, FinancialYearRow, FinancialYears,
    StatementSection, VolunteeringForm, VolunteeringRow, VolunteeringView,
};
use panier::ops::charter::{
    AuthorityRequestForm, AuthorityRequestRow, CharterRegisters, RegisterAdded, SignoffForm,
    SignoffRow, SoftwareForm, SoftwareRow,
};
use panier::ops::dashboard::DashboardFigures;
use panier::ops::helloasso::{HelloassoConfigureForm, HelloassoStatusView, HelloassoSyncView};
use panier::ops::imports::{
    ColumnGuess, ColumnMapping, ImportReportView, ImportRowView, MemberColumns, PahekoAccountView,
    PahekoItemView, PahekoReportView,
};
use panier::ops::members::page::{
    AccountView, EntryView, HistoryRow, MemberPageView, ReceiptView, SubscriptionView,
};
use panier::ops::members::{
    MemberFields, MemberFilter, MemberList, MemberListRow, MemberSaved, PlanOption,
};
use panier::ops::reports::ReportPreview;
use panier::ops::rights::{
    AccountToDeleteView, AnswerFields, ErasureDone, ErasurePlanView, ExtensionFields,
    NewRequestFields, RequestView,
};
use panier::ops::settings::AssociationSummary;
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
        one::<ServerConnection>(),
        one::<ConnectedServer>(),
        one::<RememberedServer>(),
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
        one::<panier::ops::receipts::ReceiptRow>(),
        one::<panier::ops::receipts::ReceiptPdf>(),
        one::<panier::ops::exports::FileBytes>(),
        one::<panier::ops::renewals::RenewalRow>(),
        one::<panier::ops::renewals::RenewalCounts>(),
        one::<panier::ops::renewals::RenewalsView>(),
        one::<panier::ops::renewals::ReminderView>(),
        one::<panier::ops::renewals::TemplateText>(),
        one::<panier::ops::renewals::TemplatesView>(),
        // admin
        one::<panier::ops::plans::PlanRow>(),
        one::<panier::ops::plans::PlanForm>(),
        one::<panier::ops::accounts::DowngradeView>(),
        one::<panier::ops::accounts::AccountRow>(),
        one::<panier::ops::accounts::FilterCounts>(),
        one::<panier::ops::accounts::AccountsView>(),
        one::<panier::ops::accounts::MemberPick>(),
        one::<panier::ops::accounts::GrantForm>(),
        one::<panier::ops::accounts::GrantRow>(),
        one::<panier::ops::nextcloud::NextcloudSettings>(),
        one::<panier::ops::nextcloud::ConnectionTest>(),
        one::<panier::ops::nextcloud::ActionView>(),
        one::<panier::ops::nextcloud::PlanItemView>(),
        one::<panier::ops::nextcloud::ProposalView>(),
        one::<panier::ops::nextcloud::SyncPlanView>(),
        one::<panier::ops::nextcloud::AccountResultView>(),
        one::<panier::ops::nextcloud::ApplyView>(),
        one::<panier::ops::nextcloud::PullResultView>(),
        one::<panier::ops::nextcloud::PullView>(),
        one::<panier::ops::settings::SettingField>(),
        one::<panier::ops::settings::BackupRow>(),
        one::<panier::ops::settings::BackupsView>(),
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
        one::<MemberFilter>(),
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
