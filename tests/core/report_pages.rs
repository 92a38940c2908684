//! The public pages as files: the HTML loads nothing remote and hides small counts, the
//! ChatonsInfos properties parse, the outputs are written as asked, and the PDF carries the
//! same figures (on the association of `report::association`).

use crate::report::association;
use panier::public::report::{self, Outputs};
use panier::Lang;
use std::collections::BTreeMap;
pub(crate) fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a script");
    assert!(!lower.contains("@import"), "an @import");
    assert!(!lower.contains("url("), "a CSS url()");
    assert!(!lower.contains("<link"), "a <link>");
    assert!(!lower.contains("<img"), "an <img>");
    assert!(!lower.contains("<iframe"), "an <iframe>");
    // every tag: no fetching attribute pointing outside
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        for attr in [
            " src=",
            " href=",
            " xlink:href=",
            " srcset=",
            " poster=",
            " data=",
        ] {
            if let Some(at) = tag.find(attr) {
                let value = &tag[at + attr.len()..];
                assert!(
                    name == "a",
                    "<{name}> fetches {value}: only plain <a> links are allowed"
                );
                let value = value.trim_start_matches(['"', '\'']);
                assert!(
                    value.starts_with("https://amipo.example")
                        || value.starts_with("https://cloud.amipo.example")
                        || value.starts_with("https://github.com/nextcloud")
                        || value.starts_with("mailto:"),
                    "link outside the association's pages: {value}"
                );
            }
        }
        assert!(!tag.contains("javascript:"), "{tag}");
        assert!(
            !tag.split_whitespace()
                .any(|w| w.starts_with("on") && w.contains('=')),
            "an event handler in <{tag}>"
        );
    }
}

#[test]
fn the_pages_load_nothing_remote_and_hide_small_counts() {
    let f = association();
    let r = report::figures(f.db.conn(), 2025).unwrap();
    for lang in [Lang::Fr, Lang::En] {
        let em = report::html::economic_model(&r, lang);
        let tr = report::html::transparency(&r, lang);
        for page in [&em, &tr] {
            assert_self_contained(page);
            assert!(page.starts_with("<!DOCTYPE html>"));
            assert!(page.contains("<svg class=\"chart\""));
            assert!(page.contains("@media print"));
            assert!(page.contains("name=\"viewport\""));
            assert!(page.contains(&format!("<html lang=\"{}\">", lang.code())));
            assert!(!page.contains("Hélène Dubois"), "a volunteer named");
        }
        // the lonely tier's count shows as "fewer than 3", in the page and in the chart
        let fewer = lang.pick("moins de 3", "fewer than 3");
        assert!(
            tr.contains(&format!("<td class=\"num\">{fewer}</td>")),
            "{fewer}"
        );
        assert!(
            tr.contains(&format!(">{fewer}</text>")),
            "{fewer} in a chart"
        );
        assert!(!tr.contains("&lt; 3"));
        assert!(tr.contains("Archiviste 1 To"));
        assert!(tr.contains("Falkenstein"));
    }
    let fr = report::html::economic_model(&r, Lang::Fr);
    let en = report::html::economic_model(&r, Lang::En);
    assert!(fr.contains("Notre modèle économique") && fr.contains("Comment nous sommes financés"));
    assert!(en.contains("Our economic model") && en.contains("How we are funded"));
    // the money on the page is the books' money
    assert!(fr.contains(&panier::kernel::money::display(
        r.finances.total_income_cents,
        Lang::Fr
    )));
    assert!(en.contains(&panier::kernel::money::display(
        r.finances.total_expenses_cents,
        Lang::En
    )));
}

fn parse_properties(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = line
            .split_once(" = ")
            .or_else(|| line.strip_suffix(" =").map(|k| (k, "")))
            .unwrap_or_else(|| panic!("line {}: not key = value: {line:?}", i + 1));
        assert!(
            k.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'),
            "line {}: bad key {k:?}",
            i + 1
        );
        assert!(
            map.insert(k.to_string(), v.to_string()).is_none(),
            "{k} twice"
        );
    }
    map
}

#[test]
fn chatonsinfos_files_are_key_value_utf8_with_the_keys() {
    let f = association();
    let r = report::figures(f.db.conn(), 2025).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = report::write(
        Some(f.db.conn()),
        &r,
        Lang::Fr,
        &Outputs {
            chatonsinfos: Some(dir.path().join("chatonsinfos")),
            ..Outputs::default()
        },
    )
    .unwrap();
    assert_eq!(written.len(), 2);
    let read = |name: &str| {
        let bytes = std::fs::read(dir.path().join("chatonsinfos").join(name)).unwrap();
        parse_properties(&String::from_utf8(bytes).expect("UTF-8"))
    };
    let org = read("organization.properties");
    for key in [
        "file.datetime",
        "file.generator",
        "organization.name",
        "organization.description",
        "organization.type",
        "organization.status.level",
        "organization.startdate",
        "organization.website",
        "organization.logo",
        "organization.contact.email",
        "organization.legal.url",
        "organization.country.name",
        "organization.country.code",
        "organization.memberof.chatons.status.level",
        "organization.memberof.chatons.startdate",
        "organization.funding.custom",
    ] {
        assert!(org.contains_key(key), "organization.properties lacks {key}");
    }
    assert_eq!(org["organization.name"], "AMIPO");
    assert_eq!(org["organization.type"], "ASSOCIATION");
    assert_eq!(org["organization.country.code"], "FR");
    assert_eq!(
        org["subs.nextcloud"],
        "https://amipo.example/.well-known/chatonsinfos/nextcloud.properties"
    );
    let datetime = &org["file.datetime"];
    assert!(
        chrono::NaiveDateTime::parse_from_str(datetime, "%Y-%m-%dT%H:%M:%S").is_ok(),
        "{datetime}"
    );
    assert!(org["file.generator"].starts_with("Panier "));

    let svc = read("nextcloud.properties");
    for key in [
        "file.datetime",
        "file.generator",
        "service.name",
        "service.description",
        "service.website",
        "service.legal.url",
        "service.startdate",
        "service.status.level",
        "service.registration",
        "service.registration.load",
        "software.name",
        "software.version",
        "software.license.name",
        "software.source.url",
        "host.provider.type",
        "host.server.type",
        "host.country.code",
    ] {
        assert!(svc.contains_key(key), "nextcloud.properties lacks {key}");
    }
    assert_eq!(svc["software.name"], "Nextcloud");
    assert_eq!(svc["software.version"], "30.0.2");
    assert_eq!(svc["software.license.name"], "AGPL-3.0-or-later");
    assert_eq!(svc["host.country.code"], "DE");
    assert_eq!(svc["host.provider.type"], "HOSTEDSERVER");
    assert_eq!(svc["service.registration"], "Member");
    assert_eq!(svc["service.website"], "https://cloud.amipo.example");
}

#[test]
fn writing_needs_an_output_and_writes_each_asked() {
    let f = association();
    let r = report::figures(f.db.conn(), 2025).unwrap();
    let err = report::write(Some(f.db.conn()), &r, Lang::Fr, &Outputs::default()).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let dir = tempfile::tempdir().unwrap();
    let outputs = Outputs {
        html: Some(dir.path().join("rapport.html")),
        economic_model: Some(dir.path().join("modele.html")),
        ..Outputs::default()
    };
    let written = report::generate(&f.db, 2025, Lang::En, &outputs).unwrap();
    assert_eq!(written.len(), 2);
    let page = std::fs::read_to_string(dir.path().join("modele.html")).unwrap();
    assert!(page.contains("Our economic model"));
    // Again: the files exist now, so nothing is written unless replacing is confirmed.
    let again = report::generate(&f.db, 2025, Lang::Fr, &outputs).unwrap_err();
    assert!(again.to_string().contains("--force"), "{again}");
    assert!(std::fs::read_to_string(dir.path().join("modele.html"))
        .unwrap()
        .contains("Our economic model"));
    let confirmed = Outputs {
        replace: true,
        ..outputs.clone()
    };
    report::generate(&f.db, 2025, Lang::Fr, &confirmed).unwrap();
    assert!(std::fs::read_to_string(dir.path().join("modele.html"))
        .unwrap()
        .contains("Notre modèle économique"));
    // Never onto the open file, even confirmed.
    let onto_db = Outputs {
        html: Some(f.db.path().to_path_buf()),
        replace: true,
        ..Outputs::default()
    };
    let err = report::generate(&f.db, 2025, Lang::Fr, &onto_db).unwrap_err();
    assert_eq!(err.kind(), "file", "{err}");
    assert!(report::figures(f.db.conn(), 20250).is_err());
}

#[test]
fn the_pdf_carries_the_same_figures() {
    let f = association();
    let r = report::figures(f.db.conn(), 2025).unwrap();
    let bytes = report::pdf::transparency(&r, Lang::Fr).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    // the same input gives the same bytes
    assert_eq!(bytes, report::pdf::transparency(&r, Lang::Fr).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let Ok(out) = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
    else {
        eprintln!("pdftotext missing: text not checked");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ");
    let shown = |cents| {
        panier::kernel::money::display(cents, Lang::Fr).replace(['\u{a0}', '\u{202f}'], " ")
    };
    assert!(text.contains("Rapport de transparence"), "{text}");
    assert!(
        text.contains(&shown(r.finances.total_income_cents)),
        "{text}"
    );
    assert!(
        text.contains(&shown(r.finances.total_expenses_cents)),
        "{text}"
    );
    assert!(text.contains(&shown(r.finances.reserves_cents)), "{text}");
    assert!(
        text.contains("Archiviste 1 To") && text.contains("moins de 3") && !text.contains("< 3")
    );
    assert!(!text.contains("Hélène Dubois"));
    assert!(!text.contains('?'), "a character the PDF font lacks");
    let en = report::pdf::transparency(&r, Lang::En).unwrap();
    assert_ne!(en, bytes);
}

#[test]
fn the_pages_escape_what_the_association_typed() {
    let f = association();
    let mut r = report::figures(f.db.conn(), 2025).unwrap();
    let typed = "<b>Amis</b> & \"Cie\"";
    let escaped = "&lt;b&gt;Amis&lt;/b&gt; &amp; &quot;Cie&quot;";
    r.identity.name = typed.into();
    r.identity.purpose = format!("{typed}\nligne 2");
    r.identity.infrastructure = typed.into();
    r.identity.website = "https://amipo.example/?a=1&b=\"2\"".into();
    for lang in [Lang::Fr, Lang::En] {
        let em = report::html::economic_model(&r, lang);
        let tr = report::html::transparency(&r, lang);
        for page in [&em, &tr] {
            assert_self_contained(page);
            assert!(!page.contains("<b>"), "{page}");
            // the header, the title and the servers' text
            assert!(page.matches(escaped).count() >= 3, "{page}");
            assert!(page.contains("href=\"https://amipo.example/?a=1&amp;b=&quot;2&quot;\""));
            // inside HTML an SVG element is never void: each shape is closed
            assert!(page.contains("<rect "));
            assert_eq!(
                page.matches("<rect ").count(),
                page.matches("</rect>").count()
            );
        }
        // a line break typed in a paragraph stays one
        assert!(tr.contains(&format!("<p>{escaped}<br>ligne 2</p>")), "{tr}");
    }
}
