//! The TypeScript types of what the commands return, generated from the Rust types so the UI
//! and the shell cannot drift apart. They are committed in ui/src/generated/; this test fails
//! when they are stale. Regenerate with `make bindings`.

use crate::commands::association::AssociationSummary;
use crate::commands::dashboard::DashboardFigures;
use crate::commands::database::AssociationDetails;
use crate::commands::files::FileChoice;
use crate::commands::members::{
    AccountToDeleteView, AccountView, EntryView, ErasureDone, ErasurePlanView, ExportDone,
    FormError, HistoryRow, MemberFields, MemberList, MemberListQuery, MemberListRow,
    MemberPageView, MemberSaved, PlanOption, ReceiptView, SubscriptionView,
};
use crate::commands::requests::{AnswerFields, ExtensionFields, NewRequestFields, RequestView};
use crate::session::{DatabaseStatus, LocalisedText, StartupProblem};
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
        // people
        one::<AssociationDetails>(),
        one::<DashboardFigures>(),
        one::<FormError>(),
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
    for (file, text) in bindings() {
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
