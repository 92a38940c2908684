use crate::common::{day, pdf_text};
use panier::kernel::pdf::{text_width, Colour, Document, DocumentInfo, Font, Paint, Style};

fn sample(id: &str) -> Document {
    let mut doc = Document::new(DocumentInfo::new("Essai", id, day("2026-03-01")));
    let page = doc.page();
    page.text(
        20.0,
        25.0,
        "Reçu fiscal — Cerfa n° 11580*04",
        &Style::bold(16.0),
    );
    page.text(
        20.0,
        35.0,
        "Élodie Müller, 12 rue de l'Église, 75011 Paris : « trente-cinq euros » œuvre",
        &Style::regular(10.0),
    );
    page.text_right(190.0, 45.0, "1\u{202f}234,56\u{a0}€", &Style::regular(10.0));
    page.text(
        90.0,
        55.0,
        "DUPLICATA",
        &Style::bold(20.0).colour(Colour::rgb(200, 0, 0)),
    );
    page.paragraph(
        20.0,
        65.0,
        60.0,
        "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt",
        &Style::regular(9.0),
    );
    page.rect(
        20.0,
        100.0,
        30.0,
        40.0,
        Paint::Fill(Colour::rgb(60, 130, 200)),
    );
    page.rect(
        60.0,
        110.0,
        30.0,
        30.0,
        Paint::Stroke {
            colour: Colour::BLACK,
            width: 1.0,
        },
    );
    page.line(15.0, 140.0, 195.0, 140.0, Colour::GREY, 0.5);
    page.polygon(
        &[(110.0, 140.0), (130.0, 100.0), (150.0, 140.0)],
        Paint::FillStroke {
            fill: Colour::rgb(250, 200, 60),
            stroke: Colour::BLACK,
            width: 0.8,
        },
    );
    doc.page()
        .text(20.0, 20.0, "Page deux", &Style::regular(12.0));
    doc
}

#[test]
fn accented_text_and_the_euro_sign_come_back_out_of_pdftotext() {
    let text = pdf_text(&sample("essai").to_bytes());
    for expected in [
        "Reçu fiscal — Cerfa n° 11580*04",
        "Élodie Müller, 12 rue de l'Église",
        "« trente-cinq euros » œuvre",
        "234,56 €",
        "DUPLICATA",
        "Le bénéficiaire",
        "Page deux",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(sample("a").to_bytes(), sample("a").to_bytes());
    assert_ne!(sample("a").to_bytes(), sample("b").to_bytes());
}

#[test]
fn text_width_grows_with_size_and_text() {
    let w10 = text_width("Cotisation", Font::Regular, 10.0);
    assert!(w10 > 10.0 && w10 < 30.0, "{w10}");
    assert!((text_width("Cotisation", Font::Regular, 20.0) - 2.0 * w10).abs() < 0.01);
    assert!(text_width("Cotisations", Font::Regular, 10.0) > w10);
}

#[test]
#[ignore = "writes /tmp/money/sample.pdf to look at"]
fn write_sample_for_eyes() {
    std::fs::create_dir_all("/tmp/money").unwrap();
    std::fs::write("/tmp/money/sample.pdf", sample("x").to_bytes()).unwrap();
}
