//! The drawing of a receipt on `crate::kernel::pdf`: the attestation de cotisation and the
//! tax receipt (every mention of Cerfa n° 11580*04), single or yearly summary, with the
//! DUPLICATA and ANNULÉ marks.

use super::words::amount_in_words;
use super::{fr_date, Receipt, ReceiptKind};
use crate::books::ledger::{self, Method};
use crate::kernel::error::Result;
use crate::kernel::money::{display, Cents};
use crate::kernel::pdf::{Colour, Document, DocumentInfo, Page, Paint, Style, PAGE_WIDTH};
use crate::people::members::MemberKind;
use crate::store::settings::Organisation;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::Connection;

/// Everything printed on a receipt, gathered once.
pub(super) struct Content {
    receipt: Receipt,
    org: Organisation,
    signer_name: String,
    signer_title: String,
    body_kind: String,
    member_kind: MemberKind,
    /// (date, amount, method) of each entry covered
    payments: Vec<(NaiveDate, Cents, Method)>,
    /// for an attestation: plan name and period covered
    plan: Option<(String, NaiveDate, NaiveDate)>,
}

impl Content {
    pub(super) fn load(conn: &Connection, receipt: &Receipt, org: &Organisation) -> Result<Self> {
        let mut payments = Vec::new();
        let mut plan = None;
        for (id, cents) in &receipt.entries {
            let e = ledger::get(conn, *id)?;
            payments.push((e.date, *cents, e.method));
            if receipt.kind == ReceiptKind::Attestation {
                if let (Some(p), Some(s)) = (e.plan_id, e.subscription_id) {
                    let plan_name = crate::membership::plans::get(conn, p)?.name;
                    let (start, end): (String, String) = conn.query_row(
                        "SELECT starts_on, ends_before FROM subscriptions WHERE id = ?1",
                        [s],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    plan = Some((
                        plan_name,
                        start.parse().unwrap_or_default(),
                        end.parse().unwrap_or_default(),
                    ));
                }
            }
        }
        let member_kind = match receipt.member_id {
            Some(m) => crate::people::members::get(conn, m)
                .map(|m| m.kind)
                .unwrap_or(MemberKind::Person),
            None => MemberKind::Person,
        };
        Ok(Content {
            receipt: receipt.clone(),
            org: org.clone(),
            signer_name: crate::store::settings::get(conn, "signer_name")?,
            signer_title: crate::store::settings::get(conn, "signer_title")?,
            body_kind: crate::store::settings::get(conn, "receipt_body_kind")?,
            member_kind,
            payments,
            plan,
        })
    }
}

fn method_fr(m: Method) -> &'static str {
    match m {
        Method::Cash => "espèces",
        Method::Cheque => "chèque",
        Method::Transfer => "virement",
        Method::Card => "carte bancaire",
        Method::Helloasso => "paiement en ligne (HelloAsso)",
        Method::DirectDebit => "prélèvement",
        Method::Other => "autre",
    }
}

/// The Cerfa's three boxes for a gift in cash or kind of payment.
fn cerfa_method(m: Method) -> &'static str {
    match m {
        Method::Cash => "Remise d'espèces",
        Method::Cheque => "Chèque",
        _ => "Virement, prélèvement, carte bancaire",
    }
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = PAGE_WIDTH - 20.0;
const ACCENT: Colour = Colour::rgb(40, 70, 120);
const RED: Colour = Colour::rgb(200, 30, 30);

/// Draws the receipt. `today` is printed on a duplicata ("duplicata du …").
pub(super) fn render(c: &Content, duplicata: bool, today: NaiveDate) -> Vec<u8> {
    let r = &c.receipt;
    let title = match (r.kind, r.summary) {
        (ReceiptKind::Attestation, _) => "Attestation de cotisation",
        (ReceiptKind::Tax, false) => "Reçu fiscal",
        (ReceiptKind::Tax, true) => "Reçu fiscal récapitulatif",
    };
    let mut info = DocumentInfo::new(
        format!("{title} n° {}", r.reference),
        format!("receipt-{}-{}-{}", r.reference, r.reprints, today),
        if duplicata { today } else { r.issued_on },
    );
    info.author = c.org.name.clone();
    let mut doc = Document::new(info);
    let page = doc.page();
    let regular = Style::regular(10.0);
    let small = Style::regular(8.5);
    let bold = Style::bold(10.0);

    // the association
    let mut y = 22.0;
    page.text(LEFT, y, &c.org.name, &Style::bold(15.0).colour(ACCENT));
    y += 6.0;
    for line in c.org.address.lines() {
        page.text(LEFT, y, line, &regular);
        y += 4.5;
    }
    let ids = org_ids(&c.org);
    if !ids.is_empty() {
        page.text(LEFT, y, &ids, &small.colour(Colour::GREY));
        y += 4.5;
    }
    page.text_right(
        RIGHT,
        22.0,
        &format!("N° {}", r.reference),
        &Style::bold(12.0),
    );
    page.text_right(
        RIGHT,
        28.0,
        &format!("émis le {}", fr_date(r.issued_on)),
        &small,
    );
    if duplicata {
        page.text_right(RIGHT, 42.0, "DUPLICATA", &Style::bold(22.0).colour(RED));
        page.text_right(
            RIGHT,
            47.5,
            &format!("réimpression du {}", fr_date(today)),
            &small.colour(RED),
        );
    }
    y = y.max(52.0) + 4.0;
    page.line(LEFT, y, RIGHT, y, ACCENT, 1.0);
    y += 10.0;
    if r.kind == ReceiptKind::Tax {
        page.text(LEFT, y, title, &Style::bold(16.0).colour(ACCENT));
        y += 6.0;
        page.text(
            LEFT,
            y,
            "Reçu au titre des dons à certains organismes d'intérêt général",
            &bold,
        );
        y += 4.5;
        page.text(
            LEFT,
            y,
            "Articles 200, 238 bis et 978 du code général des impôts (CGI) — mentions du Cerfa n° 11580*04",
            &small,
        );
        y += 4.5;
        if r.is_cancelled() {
            page.text(LEFT, y, "ANNULÉ", &Style::bold(14.0).colour(RED));
            y += 6.0;
        }
        render_tax(page, c, y);
    } else {
        page.text(LEFT, y, title, &Style::bold(16.0).colour(ACCENT));
        y += 10.0;
        render_attestation(page, c, y);
    }
    doc.to_bytes()
}

/// The association's SIREN and RNA, those it has: `SIREN 123456789 · RNA W…`.
fn org_ids(org: &Organisation) -> String {
    [("SIREN", &org.siren), ("RNA", &org.rna)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn section(page: &mut Page, y: f32, title: &str) -> f32 {
    page.rect(
        LEFT,
        y - 4.5,
        RIGHT - LEFT,
        6.5,
        Paint::Fill(Colour::rgb(232, 237, 245)),
    );
    page.text(LEFT + 2.0, y, title, &Style::bold(10.0).colour(ACCENT));
    y + 7.5
}

fn field(page: &mut Page, y: f32, label: &str, value: &str) -> f32 {
    let label_style = Style::regular(9.0).colour(Colour::GREY);
    page.text(LEFT + 2.0, y, label, &label_style);
    let mut yy = y;
    for line in value.lines() {
        yy = page.paragraph(
            LEFT + 52.0,
            yy,
            RIGHT - LEFT - 54.0,
            line,
            &Style::regular(10.0),
        );
    }
    yy.max(y + 5.0) + 0.5
}

/// The donor's or member's section: their name and address (a dash when none is known).
fn person(page: &mut Page, y: f32, title: &str, r: &Receipt) -> f32 {
    let mut y = section(page, y, title);
    y = field(page, y, "Nom", &r.member_name);
    let address = if r.member_address.is_empty() {
        "—"
    } else {
        &r.member_address
    };
    field(page, y, "Adresse", address) + 2.0
}

fn render_tax(page: &mut Page, c: &Content, y: f32) {
    let r = &c.receipt;
    let mut y = y + 4.0;
    y = section(page, y, "Bénéficiaire des versements");
    y = field(page, y, "Nom ou dénomination", &c.org.name);
    y = field(page, y, "Adresse", &c.org.address);
    let ids = org_ids(&c.org);
    if !ids.is_empty() {
        y = field(page, y, "Identification", &ids);
    }
    y = field(page, y, "Objet", &c.org.purpose);
    y = field(page, y, "Qualité de l'organisme", &c.body_kind);
    y += 2.0;
    y = person(page, y, "Donateur", r);
    y = section(page, y, "Don");
    y = page.paragraph(
        LEFT + 2.0,
        y,
        RIGHT - LEFT - 4.0,
        "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à réduction d'impôt la somme de :",
        &Style::regular(10.0),
    );
    y += 6.0;
    let figures = format!("***{}***", display(r.amount_cents, Lang::Fr));
    page.rect(
        LEFT + 2.0,
        y - 6.0,
        80.0,
        9.0,
        Paint::Stroke {
            colour: ACCENT,
            width: 0.8,
        },
    );
    page.text(LEFT + 5.0, y, &figures, &Style::bold(13.0));
    y += 9.0;
    y = field(
        page,
        y,
        "Somme en toutes lettres",
        &amount_in_words(r.amount_cents),
    );
    if r.summary {
        let year = r.gifts_year.unwrap_or(r.issue_year);
        y = field(
            page,
            y,
            "Dates des versements",
            &format!("dons de l'année {year}, détail ci-dessous"),
        );
    } else if let Some((date, _, _)) = c.payments.first() {
        y = field(page, y, "Date du versement", &fr_date(*date));
    }
    y = field(page, y, "Forme du don", "Déclaration de don manuel");
    y = field(page, y, "Nature du don", "Numéraire");
    let mut methods: Vec<&str> = Vec::new();
    for (_, _, m) in &c.payments {
        if !methods.contains(&cerfa_method(*m)) {
            methods.push(cerfa_method(*m));
        }
    }
    y = field(page, y, "Mode de versement", &methods.join(" ; "));
    if r.summary {
        for (date, cents, method) in &c.payments {
            page.text(LEFT + 54.0, y, &fr_date(*date), &Style::regular(9.0));
            page.text_right(
                LEFT + 110.0,
                y,
                &display(*cents, Lang::Fr),
                &Style::regular(9.0),
            );
            page.text(LEFT + 114.0, y, method_fr(*method), &Style::regular(9.0));
            y += 4.5;
        }
        y += 1.0;
    }
    y += 3.0;
    let article = match c.member_kind {
        MemberKind::Organisation => "238 bis du CGI",
        MemberKind::Person => "200 du CGI",
    };
    y = page.paragraph(
        LEFT,
        y,
        RIGHT - LEFT,
        &format!("Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article {article}."),
        &Style::bold(10.0),
    );
    signature(page, c, y + 6.0);
}

fn render_attestation(page: &mut Page, c: &Content, y: f32) {
    let r = &c.receipt;
    let signer = if c.signer_name.is_empty() {
        "La personne soussignée".to_string()
    } else {
        format!("La personne soussignée, {}", c.signer_name)
    };
    let title = if c.signer_title.is_empty() {
        String::new()
    } else {
        format!(", {},", c.signer_title)
    };
    let period = c
        .plan
        .as_ref()
        .map(|(_, start, end)| {
            let last = crate::kernel::dates::last_day_before(*end);
            // prose: the days as a sentence says them (du 1er mars 2026 au 31 décembre 2026)
            format!(
                " pour la période du {} au {}",
                crate::kernel::dates::day_long(*start, crate::Lang::Fr),
                crate::kernel::dates::day_long(last, crate::Lang::Fr)
            )
        })
        .unwrap_or_default();
    let mut y = page.paragraph(
        LEFT,
        y,
        RIGHT - LEFT,
        &format!(
            "{signer}{title} atteste {} a versé sa cotisation à {} et est à jour de cotisation{period}.",
            crate::kernel::text::elide("que", &r.member_name),
            c.org.name
        ),
        &Style::regular(11.0),
    );
    y += 6.0;
    y = person(page, y, "Membre", r);
    y = section(page, y, "Cotisation");
    if let Some((plan, start, end)) = &c.plan {
        y = field(page, y, "Formule", plan);
        let last = crate::kernel::dates::last_day_before(*end);
        y = field(
            page,
            y,
            "Période couverte",
            &format!("du {} au {}", fr_date(*start), fr_date(last)),
        );
    }
    y = field(page, y, "Montant", &display(r.amount_cents, Lang::Fr));
    if let Some((date, _, method)) = c.payments.first() {
        y = field(page, y, "Date du paiement", &fr_date(*date));
        y = field(page, y, "Moyen de paiement", method_fr(*method));
    }
    y += 4.0;
    page.text(
        LEFT,
        y,
        "Cette attestation n'est pas un reçu fiscal.",
        &Style::regular(8.5).colour(Colour::GREY),
    );
    signature(page, c, y + 8.0);
}

fn signature(page: &mut Page, c: &Content, y: f32) {
    let x = 120.0;
    page.text(
        x,
        y,
        &format!("Fait le {}", fr_date(c.receipt.issued_on)),
        &Style::regular(10.0),
    );
    let name = if c.signer_name.is_empty() {
        "(signataire à renseigner)"
    } else {
        &c.signer_name
    };
    page.text(x, y + 6.0, name, &Style::bold(10.0));
    page.text(x, y + 11.0, &c.signer_title, &Style::regular(10.0));
    page.rect(
        x,
        y + 14.0,
        RIGHT - x,
        22.0,
        Paint::Stroke {
            colour: Colour::LIGHT_GREY,
            width: 0.5,
        },
    );
    page.text(
        x + 2.0,
        y + 18.0,
        "Signature",
        &Style::regular(8.0).colour(Colour::GREY),
    );
}
