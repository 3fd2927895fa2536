//! Plain-text documents: the whole file is one document.

use crate::decode::{decode, Binary};
use crate::source::Named;
use crate::visible_date::visible_date;
use crate::{InputDoc, InputFormat, InputIssue, Origin, Sink};

/// Turns the bytes of a text file into one document, or an issue.
pub(crate) fn read_text(name: Named<'_>, bytes: &[u8], sink: &mut Sink<'_>) {
    let origin = Origin::file(name.shown);
    let decoded = match decode(bytes, None) {
        Ok(d) => d,
        Err(Binary) => {
            sink(Err(InputIssue::error(origin, "binary file, skipped")));
            return;
        }
    };
    if decoded.replaced {
        let enc = decoded.encoding.unwrap_or(encoding_rs::UTF_8).name();
        sink(Err(InputIssue::warning(
            origin.clone(),
            format!("invalid {enc} byte sequences replaced with U+FFFD"),
        )));
    }
    if decoded.text.trim().is_empty() {
        sink(Err(InputIssue::error(origin, "empty document")));
        return;
    }
    let encoding = decoded.encoding_name();
    let published = visible_date(&decoded.text);
    sink(Ok(InputDoc {
        id: name.id.to_string(),
        text: decoded.text,
        title: None,
        url: None,
        published,
        lang: None,
        origin,
        format: InputFormat::Text,
        encoding,
    }));
}
