//! Reads one string field out of a JSON object while the model is still writing it, so its text can be shown
//! as it arrives (the verdicts are parsed only once the whole object is in).

/// Extracts the value of `"<field>": "..."` from streamed JSON text, decoding escapes as they complete.
pub struct FieldStream {
    key: String,
    buffer: String,
    /// Byte offset in `buffer` where the value's text starts, once the key has been seen.
    start: Option<usize>,
    /// Bytes of the value consumed so far.
    at: usize,
    done: bool,
}

impl FieldStream {
    pub fn new(field: &str) -> FieldStream {
        FieldStream { key: format!("\"{field}\""), buffer: String::new(), start: None, at: 0, done: false }
    }

    /// Adds streamed text; returns the field's text decoded since the last call.
    pub fn push(&mut self, chunk: &str) -> String {
        self.buffer.push_str(chunk);
        if self.done {
            return String::new();
        }
        if self.start.is_none() {
            let Some(key) = self.buffer.find(&self.key) else { return String::new() };
            let rest = &self.buffer[key + self.key.len()..];
            let trimmed = rest.trim_start();
            let Some(after_colon) = trimmed.strip_prefix(':') else { return String::new() };
            let value = after_colon.trim_start();
            let Some(text) = value.strip_prefix('"') else { return String::new() };
            self.start = Some(self.buffer.len() - text.len());
        }
        let start = self.start.unwrap_or_default();
        let mut out = String::new();
        let bytes = self.buffer.as_bytes();
        let mut i = start + self.at;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    self.done = true;
                    i += 1;
                    break;
                }
                b'\\' => {
                    let Some(&escape) = bytes.get(i + 1) else { break };
                    let (decoded, len) = match escape {
                        b'n' => ('\n', 2),
                        b't' => ('\t', 2),
                        b'r' => ('\r', 2),
                        b'u' => {
                            let Some(hex) = self.buffer.get(i + 2..i + 6) else { break };
                            (u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'), 6)
                        }
                        other => (other as char, 2),
                    };
                    out.push(decoded);
                    i += len;
                }
                _ => {
                    let c = self.buffer[i..].chars().next().unwrap_or_default();
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        self.at = i - start;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_text_arrives_in_pieces_whatever_the_chunking() {
        let json = r#"{"points":[{"id":"a","quotes":["feedback: no"],"level":"covered"}],"feedback":"Good: \"GIL\" is a lock.\nAdd I/O – caf\u00e9.","x":"y"}"#;
        for size in [1, 2, 3, 5, 8, 13, 1000] {
            let mut stream = FieldStream::new("feedback");
            let chars: Vec<char> = json.chars().collect();
            let text: String = chars.chunks(size).map(|c| stream.push(&c.iter().collect::<String>())).collect();
            assert_eq!(text, "Good: \"GIL\" is a lock.\nAdd I/O – café.", "chunks of {size}");
        }
    }

    #[test]
    fn nothing_comes_out_before_the_field() {
        let mut stream = FieldStream::new("feedback");
        assert_eq!(stream.push(r#"{"points": [], "feedb"#), "");
        assert_eq!(stream.push(r#"ack" : "Hi"#), "Hi");
        assert_eq!(stream.push(r#"!"}"#), "!");
        assert_eq!(stream.push(r#"more"#), "");
    }
}
