//! One message as it goes out: From, Reply-To, To, Date, Message-ID, the subject and names
//! encoded for mail (RFC 2047, done by lettre), a plain-text body, `Auto-Submitted:
//! auto-generated` (RFC 3834: autoresponders do not answer it), and a PDF attached under its
//! own file name.

use super::server::{parse_mailbox, MailServer};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use password_hash::rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A message before it is built: what the runs fill in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// the attachment's file name (a PDF), if any
    pub attachment_name: Option<String>,
    #[serde(skip)]
    #[ts(skip)]
    pub attachment: Option<Vec<u8>>,
}

/// `Auto-Submitted: auto-generated`: sent by a program, not typed by a person.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_text: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// A fresh Message-ID under the sender's own domain: `<random.panier@amipo.fr>`.
pub fn message_id(from: &Mailbox) -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    let random: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("<{random}.panier@{}>", from.email.domain())
}

/// The recipient's mailbox: their name (encoded by lettre when not ASCII) and address.
fn recipient(draft: &Draft) -> Result<Mailbox> {
    let address = draft.to_address.trim().parse().map_err(|e| {
        Error::invalid(
            Field::Email,
            &draft.to_address,
            format!(
                "adresse de {} illisible « {} » ({e})",
                draft.to_name, draft.to_address
            ),
            format!(
                "unreadable address of {} “{}” ({e})",
                draft.to_name, draft.to_address
            ),
        )
    })?;
    let name = draft.to_name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        address,
    ))
}

/// Builds the message with the given Message-ID.
pub fn build(server: &MailServer, draft: &Draft, id: &str) -> Result<Message> {
    let from = parse_mailbox(Field::From, &server.from)?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(recipient(draft)?)
        .subject(draft.subject.clone())
        .date_now()
        .message_id(Some(id.to_string()))
        .header(AutoSubmitted)
        .user_agent(format!("Panier {}", env!("CARGO_PKG_VERSION")));
    builder = if server.reply_to.trim().is_empty() {
        builder.reply_to(from)
    } else {
        builder.reply_to(parse_mailbox("répondre à", &server.reply_to)?)
    };
    let text = SinglePart::plain(normalise_lines(&draft.body));
    let built = match (&draft.attachment_name, &draft.attachment) {
        (Some(name), Some(bytes)) => {
            builder.multipart(MultiPart::mixed().singlepart(text).singlepart(
                Attachment::new(name.clone()).body(
                    bytes.clone(),
                    ContentType::parse("application/pdf").expect("valid"),
                ),
            ))
        }
        _ => builder.singlepart(text),
    };
    built.map_err(|e| {
        Error::refused(
            format!(
                "message impossible à former pour {} : {e}",
                draft.to_address
            ),
            format!(
                "the message to {} could not be built: {e}",
                draft.to_address
            ),
        )
    })
}

/// The message as its reader will see it: the headers that matter, decoded, then the text.
pub fn readable(server: &MailServer, draft: &Draft) -> String {
    let reply_to = if server.reply_to.trim().is_empty() {
        &server.from
    } else {
        &server.reply_to
    };
    let to = if draft.to_name.trim().is_empty() {
        draft.to_address.clone()
    } else {
        format!("{} <{}>", draft.to_name.trim(), draft.to_address)
    };
    let mut text = format!(
        "From: {}\nReply-To: {reply_to}\nTo: {to}\nSubject: {}\nAuto-Submitted: auto-generated\n",
        server.from, draft.subject
    );
    if let Some(name) = &draft.attachment_name {
        text.push_str(&format!("Attachment: {name}\n"));
    }
    text.push('\n');
    text.push_str(&normalise_lines(&draft.body));
    text
}

/// Lines end with CRLF on the wire; templates typed on any system end with LF or CRLF.
fn normalise_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
}
