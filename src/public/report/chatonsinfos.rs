//! ChatonsInfos / StatoolInfos files (SPEC §2): `organization.properties` and one
//! `<service>.properties` per service, UTF-8 `key = value` lines, ready to be served under
//! `/.well-known/chatonsinfos/`. Empty values are written as `key = ` so the file always
//! names every key Panier knows.
//!
//! The keys and their vocabularies are those of the collective's reference templates
//! (chatonsinfos `MODELES/organization.properties` and `service.properties`, which YunoHost's
//! `chatonsinfos_ynh` copies). Every fact about the association comes from its settings
//! (`status_level`, `chatons_status`, `service_status`, `registration`, `registration_load`)
//! or its data (a service's start date: its first account); only http(s) links are written
//! (the gathering leaves the other settings out with a warning; the software register's links
//! are checked here).

use super::Report;
use crate::public::charter::Software;

/// The folder the collective's crawler reads.
pub const WELL_KNOWN: &str = "/.well-known/chatonsinfos/";

/// One value on one line: line breaks become spaces, and a backslash is doubled (Java
/// properties' escape).
fn value(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
}

struct Props(String);

impl Props {
    fn new(class: &str, report: &Report) -> Self {
        let mut p = Props(String::new());
        p.comment(&format!(
            "ChatonsInfos ({class}) — généré par Panier {} pour l'exercice {}",
            env!("CARGO_PKG_VERSION"),
            report.year
        ));
        p.blank();
        p.comment("[File]");
        p.put("file.class", class);
        p.put("file.protocol", "ChatonsInfos-0.5");
        p.put("file.datetime", &report.generated_at);
        p.put(
            "file.generator",
            &format!("Panier {}", env!("CARGO_PKG_VERSION")),
        );
        p
    }
    fn comment(&mut self, text: &str) {
        self.0.push_str(&format!("# {text}\n"));
    }
    fn blank(&mut self) {
        self.0.push('\n');
    }
    fn put(&mut self, key: &str, text: &str) {
        let v = value(text);
        if v.is_empty() {
            self.0.push_str(&format!("{key} = \n"));
        } else {
            self.0.push_str(&format!("{key} = {v}\n"));
        }
    }
}

/// ChatonsInfos' `organization.type` from the `legal_form` setting.
fn organization_type(legal_form: &str) -> &'static str {
    match legal_form {
        "association" => "ASSOCIATION",
        "collectif" => "INFORMAL",
        "cooperative" => "COOPERATIVE",
        "entreprise" => "MICROCOMPANY",
        "particulier" => "INDIVIDUAL",
        _ => "OTHER",
    }
}

/// A link as published: http(s) only, anything else left empty.
fn web(url: &str) -> &str {
    if super::gather::is_web_address(url) {
        url.trim()
    } else {
        ""
    }
}

/// A HelloAsso page goes under its own key (`organization.funding.helloasso`), any other
/// funding page under `organization.funding.custom`.
fn is_helloasso(url: &str) -> bool {
    let rest = url
        .trim()
        .to_ascii_lowercase()
        .split_once("://")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host == "helloasso.com" || host.ends_with(".helloasso.com")
}

fn url_of(report: &Report, file: &str) -> String {
    let site = report.identity.website.trim().trim_end_matches('/');
    if site.is_empty() {
        file.to_string()
    } else {
        format!("{site}{WELL_KNOWN}{file}")
    }
}

/// The file name of a service's properties.
pub fn service_file(service: &str) -> String {
    format!("{service}.properties")
}

fn organization(report: &Report) -> String {
    let org = &report.identity;
    let mut p = Props::new("organization", report);
    p.blank();
    p.comment("[Organization]");
    p.put("organization.name", &org.name);
    p.put("organization.description", &org.purpose);
    p.put("organization.type", organization_type(&org.legal_form));
    p.put("organization.status.level", &org.status_level);
    p.put("organization.startdate", &org.founded_on);
    p.put("organization.website", web(&org.website));
    p.put("organization.logo", web(&org.logo_url));
    p.put("organization.contact.email", &org.contact_email);
    p.put("organization.legal.url", web(&org.legal_url));
    p.put(
        "organization.country.name",
        &super::catalog::country(&org.country_code, crate::Lang::Fr),
    );
    p.put("organization.country.code", &org.country_code);
    p.put(
        "organization.memberof.chatons.status.level",
        // a status without an entry day would say nothing true: both or neither
        if org.chatons_since.is_empty() {
            ""
        } else {
            &org.chatons_status
        },
    );
    p.put(
        "organization.memberof.chatons.startdate",
        &org.chatons_since,
    );
    let funding = web(&org.funding_url);
    let helloasso = is_helloasso(funding);
    p.put(
        "organization.funding.helloasso",
        if helloasso { funding } else { "" },
    );
    p.put(
        "organization.funding.custom",
        if helloasso { "" } else { funding },
    );
    p.blank();
    p.comment("[Subs]");
    for s in &report.storage.services {
        p.put(
            &format!("subs.{}", s.service),
            &url_of(report, &service_file(&s.service)),
        );
    }
    p.0
}

fn service(report: &Report, name: &str, software: Option<&Software>) -> String {
    let org = &report.identity;
    let figures = report.storage.services.iter().find(|s| s.service == name);
    let mut p = Props::new("service", report);
    p.blank();
    p.comment("[Service]");
    let title = software.map(|s| s.name.as_str()).unwrap_or(name);
    p.put("service.name", title);
    // what the inventory knows of the service's software, empty where it has no entry
    let known = |value: fn(&Software) -> &str| software.map(value).unwrap_or("");
    p.put("service.description", known(|s| &s.description));
    p.put("service.website", known(|s| web(&s.service_url)));
    p.put("service.legal.url", web(&org.terms_url));
    p.put(
        "service.startdate",
        &figures
            .and_then(|f| f.since)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    p.put("service.status.level", &org.service_status);
    p.put("service.registration", &org.registration);
    p.put("service.registration.load", &org.registration_load);
    p.blank();
    p.comment("[Software]");
    p.put("software.name", title);
    p.put("software.version", known(|s| &s.version));
    p.put("software.license.name", known(|s| &s.licence));
    p.put("software.source.url", known(|s| web(&s.source_url)));
    p.blank();
    p.comment("[Host]");
    p.put("host.name", &org.host_provider_name);
    p.put("host.provider.type", &org.host_provider_type);
    p.put("host.server.type", &org.host_server_type);
    p.put(
        "host.country.name",
        &super::catalog::country(&org.host_country_code, crate::Lang::Fr),
    );
    p.put("host.country.code", &org.host_country_code);
    p.0
}

/// Every file, as (file name, UTF-8 text): `organization.properties` first, then one per
/// service named in the service accounts.
pub fn files(report: &Report) -> Vec<(String, String)> {
    let mut out = vec![("organization.properties".to_string(), organization(report))];
    for s in &report.storage.services {
        let software = report
            .charter
            .software
            .iter()
            .find(|sw| sw.service.as_deref() == Some(s.service.as_str()));
        out.push((
            service_file(&s.service),
            service(report, &s.service, software),
        ));
    }
    out
}
