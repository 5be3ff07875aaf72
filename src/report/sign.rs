//! Tamper evidence for exported reports: an HMAC-SHA256 over the exported text with the key from the
//! `report.hmac_key` setting, carried in the file itself. Markdown and HTML end with a comment line
//! (`<!-- interviewer-hmac-sha256: HEX -->`) signing everything before it; JSON gets a last field
//! (`"interviewer_hmac_sha256"`) signing the document as it was without that field. Any change to the signed
//! text, one character included, makes [`verify`] report it altered.
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const COMMENT_OPEN: &str = "<!-- interviewer-hmac-sha256: ";
const COMMENT_CLOSE: &str = " -->";
const JSON_FIELD: &str = ",\n  \"interviewer_hmac_sha256\": \"";

/// How the signature is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    /// A trailing HTML comment line (Markdown, HTML).
    Comment,
    /// A last field of a pretty-printed JSON object.
    JsonField,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The signature matches the content with this key.
    Intact,
    /// A signature is present but does not match: the file was changed, or signed with another key.
    Altered,
    /// No signature found.
    Unsigned,
}

fn mac(key: &str, body: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body.as_bytes());
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

/// `content` with its signature. For [`Carrier::JsonField`], `content` is a pretty-printed JSON object.
pub fn sign(content: &str, carrier: Carrier, key: &str) -> String {
    match carrier {
        Carrier::Comment => {
            let body = if content.ends_with('\n') { content.to_string() } else { format!("{content}\n") };
            let tag = hex(&mac(key, &body).finalize().into_bytes());
            format!("{body}{COMMENT_OPEN}{tag}{COMMENT_CLOSE}\n")
        }
        Carrier::JsonField => {
            let body = content.trim_end();
            let tag = hex(&mac(key, body).finalize().into_bytes());
            let open = body.strip_suffix("\n}").unwrap_or(body.trim_end_matches('}'));
            format!("{open}{JSON_FIELD}{tag}\"\n}}\n")
        }
    }
}

/// Whether `content` still carries a valid signature for `key`.
pub fn verify(content: &str, key: &str) -> Verdict {
    let (body, tag) = if let Some(at) = content.rfind(COMMENT_OPEN) {
        let rest = &content[at + COMMENT_OPEN.len()..];
        let Some(end) = rest.find(COMMENT_CLOSE) else { return Verdict::Altered };
        if !rest[end + COMMENT_CLOSE.len()..].trim().is_empty() {
            return Verdict::Altered;
        }
        (content[..at].to_string(), &rest[..end])
    } else if let Some(at) = content.rfind(JSON_FIELD) {
        let rest = &content[at + JSON_FIELD.len()..];
        let Some(end) = rest.find('"') else { return Verdict::Altered };
        if rest[end + 1..].trim() != "}" {
            return Verdict::Altered;
        }
        (format!("{}\n}}", &content[..at]), &rest[..end])
    } else {
        return Verdict::Unsigned;
    };
    match unhex(tag) {
        Some(tag) if mac(key, &body).verify_slice(&tag).is_ok() => Verdict::Intact,
        _ => Verdict::Altered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a-test-key-of-some-length";

    #[test]
    fn signed_markdown_and_json_verify_intact() {
        let markdown = sign("# Report\n\nBand 3/4\n", Carrier::Comment, KEY);
        assert_eq!(verify(&markdown, KEY), Verdict::Intact);
        let json = sign("{\n  \"band\": 3\n}", Carrier::JsonField, KEY);
        assert_eq!(verify(&json, KEY), Verdict::Intact);
        assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "still valid JSON: {json}");
    }

    #[test]
    fn a_changed_character_anywhere_is_detected() {
        for (content, carrier) in
            [("# Report\n\nBand 3/4\n", Carrier::Comment), ("{\n  \"band\": 3\n}", Carrier::JsonField)]
        {
            let signed = sign(content, carrier, KEY);
            for (index, c) in signed.char_indices() {
                let replacement = if c == '3' { '4' } else { '3' };
                let altered = format!("{}{replacement}{}", &signed[..index], &signed[index + c.len_utf8()..]);
                assert_ne!(verify(&altered, KEY), Verdict::Intact, "change at byte {index} went unnoticed");
            }
        }
    }

    #[test]
    fn another_key_does_not_verify_and_unsigned_text_says_so() {
        let signed = sign("text\n", Carrier::Comment, KEY);
        assert_eq!(verify(&signed, "another-key-of-some-length"), Verdict::Altered);
        assert_eq!(verify("text\n", KEY), Verdict::Unsigned);
    }
}
