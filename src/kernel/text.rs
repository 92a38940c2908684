//! What a text field may hold: a length limit per kind of text, and no control character
//! (NUL, ESC, the other C0 and C1 codes, DEL), except tabs and line breaks where a text may
//! run over several lines. One rule for every field a person types or an import fills, so a
//! name cannot smuggle a terminal escape into a listing or a NUL into a CSV, and a pasted
//! book cannot land in a note.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::FieldName;

/// Percent-encodes every byte of `text` but the unreserved characters of RFC 3986
/// (letters, digits, `-._~`): for a URL path segment or a `mailto:` field.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The kinds of text Panier takes, each with its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// a person's or an organisation's name, a plan's name, a login: one line, 200 characters
    Name,
    /// a label, a reason, an address line, a setting: one line, 1,000 characters
    Line,
    /// notes, a description, a letter: several lines, 10,000 characters
    Note,
}

impl TextKind {
    /// The most characters (not bytes) a text of this kind may have.
    pub fn max_chars(self) -> usize {
        match self {
            TextKind::Name => 200,
            TextKind::Line => 1_000,
            TextKind::Note => 10_000,
        }
    }

    fn multi_line(self) -> bool {
        self == TextKind::Note
    }
}

/// Whether `c` is refused in a text of `kind`: every control character (C0, DEL, C1),
/// except tab, and line feed and carriage return in multi-line text.
fn refused(c: char, kind: TextKind) -> bool {
    match c {
        '\t' => false,
        '\n' | '\r' => !kind.multi_line(),
        c => c.is_control(),
    }
}

/// How a refused character is named in a message: its code (`U+001B`) and, for the usual
/// ones, what it is.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (ESC)",
        '\n' => " (saut de ligne / line feed)",
        '\r' => " (retour chariot / carriage return)",
        '\u{7f}' => " (DEL)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Checks `text` (as it will be stored) for a field of `kind`: refused, naming the field,
/// when it is too long or holds a control character (with its position, from 1).
pub fn check_text(field: impl Into<FieldName>, text: &str, kind: TextKind) -> Result<()> {
    if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| refused(*c, kind)) {
        let what = describe(c);
        let position = at + 1;
        let (fr, en) = if matches!(c, '\n' | '\r') {
            (
                format!(
                    "le texte tient sur une ligne : caractère {what} refusé (position {position})"
                ),
                format!(
                    "the text fits on one line: character {what} refused (position {position})"
                ),
            )
        } else {
            (
                format!("caractère de contrôle {what} refusé (position {position}) : retapez le texte, ou collez-le sans sa mise en forme"),
                format!("control character {what} refused (position {position}): type the text again, or paste it without its formatting"),
            )
        };
        return Err(Error::invalid(field, shorten(text), fr, en));
    }
    let count = text.chars().count();
    let max = kind.max_chars();
    if count > max {
        return Err(Error::invalid(
            field,
            shorten(text),
            format!("texte trop long : {count} caractères, {max} au plus"),
            format!("text too long: {count} characters, {max} at most"),
        ));
    }
    Ok(())
}

/// Checks an email address with a real parser (RFC 5322, through `email_address`): one
/// address, a domain with a dot (an address on a bare host name is a typo here), no display
/// name, no spaces or list separators around it. Returns it trimmed.
pub fn check_email(field: impl Into<FieldName>, text: &str) -> Result<String> {
    let field: FieldName = field.into();
    let email = text.trim();
    let refuse = || {
        Error::invalid(
            &field,
            shorten(text),
            format!("« {} » n'est pas une adresse électronique", shorten(email)),
            format!("“{}” is not an email address", shorten(email)),
        )
    };
    check_text(&field, email, TextKind::Line).map_err(|_| refuse())?;
    let options = email_address::Options::default()
        .without_display_text()
        .without_domain_literal();
    let parsed =
        email_address::EmailAddress::parse_with_options(email, options).map_err(|_| refuse())?;
    let domain = parsed.domain();
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err(refuse());
    }
    Ok(email.to_string())
}

/// Checks a web address: parsed (`url`), `http` or `https` only, with a host. Anything else
/// (`javascript:`, `file:`, `data:`, a bare word) is refused: these addresses end up as links
/// in the public pages and in ChatonsInfos. Returns it trimmed, as typed.
pub fn check_web_url(field: impl Into<FieldName>, text: &str) -> Result<String> {
    let field: FieldName = field.into();
    let value = text.trim();
    let refuse = || {
        Error::invalid(
            &field,
            shorten(text),
            format!("« {} » n'est pas une adresse web : écrivez-la en entier, commençant par https:// (ou http://)", shorten(value)),
            format!("“{}” is not a web address: write it in full, starting with https:// (or http://)", shorten(value)),
        )
    };
    check_text(&field, value, TextKind::Line).map_err(|_| refuse())?;
    let url = url::Url::parse(value).map_err(|_| refuse())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(refuse());
    }
    Ok(value.to_string())
}

/// The value an error repeats: the first characters only, without the control characters
/// (the message must not carry what it refuses).
fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    let mut out: String = text
        .chars()
        .take(SHOWN)
        .map(|c| if c.is_control() { '�' } else { c })
        .collect();
    if text.chars().count() > SHOWN {
        out.push('…');
    }
    out
}

/// « de » before a name, elided before a vowel or a mute h: `de Marc`, `d'Hélène`, `d'Yves`,
/// `d'Association Ubuntu`.
pub fn of_name(name: &str) -> String {
    elide("de", name)
}

/// A short French word (`de`, `que`, `le`) before a name, elided before a vowel or a mute h:
/// `que Marc`, `qu'Hélène`.
pub fn elide(word: &str, name: &str) -> String {
    let elided = name
        .chars()
        .next()
        .is_some_and(|c| "aàâäeéèêëiîïoôöuùûüyhAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYH".contains(c));
    match word.strip_suffix('e') {
        Some(stem) if elided => format!("{stem}'{name}"),
        _ => format!("{word} {name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn de_is_elided_before_a_vowel_or_mute_h() {
        assert_eq!(super::of_name("Hélène Lefèvre"), "d'Hélène Lefèvre");
        assert_eq!(super::of_name("Marc Dupont"), "de Marc Dupont");
        assert_eq!(super::elide("que", "Hélène"), "qu'Hélène");
        assert_eq!(super::elide("que", "Marc"), "que Marc");
        assert_eq!(super::of_name("Élise"), "d'Élise");
        assert_eq!(super::of_name("Yves"), "d'Yves");
    }

    use super::*;

    #[test]
    fn accents_tabs_and_emoji_pass() {
        check_text("nom", "Zoé Ñúñez-Łukasiewicz 🌱", TextKind::Name).unwrap();
        check_text("libellé", "a\tb", TextKind::Line).unwrap();
        check_text("notes", "ligne 1\r\nligne 2", TextKind::Note).unwrap();
    }

    #[test]
    fn control_characters_are_refused_with_their_code_and_position() {
        let err = check_text("nom", "Zo\u{1b}[31mé", TextKind::Name).unwrap_err();
        assert!(err.to_string().contains("U+001B (ESC)"), "{err}");
        assert!(err.to_string().contains("position 3"), "{err}");
        assert!(!format!("{err:?}").contains('\u{1b}'));
        for bad in ["a\0b", "a\u{7f}", "a\u{85}b", "a\u{9b}b"] {
            assert!(check_text("notes", bad, TextKind::Note).is_err(), "{bad:?}");
        }
        let err = check_text("nom", "deux\nlignes", TextKind::Name).unwrap_err();
        assert!(err.to_string().contains("une ligne"), "{err}");
    }

    #[test]
    fn emails_go_through_a_parser() {
        assert_eq!(
            check_email("email", " zoe@amipo.example ").unwrap(),
            "zoe@amipo.example"
        );
        check_email("email", "prénom.nom+tag@sous.domaine.fr").unwrap();
        for bad in [
            "zoe",
            "zoe@",
            "@amipo.fr",
            "zoe@amipo",
            "a@b@c.fr",
            "zoe @amipo.fr",
            "zoe@amipo.fr, paul@amipo.fr",
            "Zoé <zoe@amipo.fr>",
            "zoe@.fr",
            "zoe..x@amipo.fr",
        ] {
            let err = check_email("email", bad).unwrap_err();
            assert!(
                err.to_string()
                    .contains("n'est pas une adresse électronique"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn web_addresses_are_http_or_https_only() {
        check_web_url("website", "https://amipo.example/?a=1").unwrap();
        check_web_url("website", "http://amipo.example").unwrap();
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "amipo.fr",
            "ftp://amipo.fr",
            "https://",
            "data:text/html,x",
        ] {
            let err = check_web_url("website", bad).unwrap_err();
            assert!(
                err.to_string().contains("commençant par https://"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        check_text("nom", &"é".repeat(200), TextKind::Name).unwrap();
        let err = check_text("nom", &"é".repeat(201), TextKind::Name).unwrap_err();
        assert!(
            err.to_string().contains("201 caractères, 200 au plus"),
            "{err}"
        );
        assert!(check_text("notes", &"x".repeat(10_001), TextKind::Note).is_err());
    }
}
