//! The code in an answer: which lines are code, and pitfalls committed in code.
use super::memo::Memo;
use super::signals::regex as cached;
use crate::bank::Pitfall;
use regex::Regex;
use std::sync::OnceLock;

/// True when a line reads as Python code rather than prose.
pub fn looks_like_code(line: &str) -> bool {
    static CODE: OnceLock<Regex> = OnceLock::new();
    static SENTENCE_BREAK: OnceLock<Regex> = OnceLock::new();
    // "return sends the value back. next(), lazy": a line that goes on after a full stop is prose.
    if cached(&SENTENCE_BREAK, r"[a-z)]\.\s+[A-Za-z]").is_match(line) && !line.trim_start().starts_with('#') {
        return false;
    }
    if reads_as_list(line) {
        return false;
    }
    cached(
        &CODE,
        r"^\s{2,}\S|^\s*(?:def|class|for|while|if|elif|with|async|await|raise|return|yield|except)\b(?:\s*$|\s*[^\s,—–])|^\s*(?:import\s+[\w.]+\s*(?:,|$|\sas\s)|from\s+[\w.]+\s+import\b|(?:try|else|finally)\s*:)|^\s*[\w.\[\]()'\x22]+\s*(?:[-+*/%|&]|//)?=\s*(?:[\d\[({'\x22-]|[\w.]+(?:\s*$|\s*[-+*/%<>=!&|,()\[\]#:]|\s+(?:if|for|and|or|not|in|is)\b))|:\s*$|>>>|^\s*@[\w.]+(?:\(.*\))?\s*$|^\s*#",
    )
    .is_match(line)
}

/// True for a line of terms between commas ("GIL = mutex, one thread at a time, CPU-bound vs IO-bound,
/// multiprocessing, asyncio"): code keeps its commas inside brackets, except in an import.
fn reads_as_list(line: &str) -> bool {
    const MIN_COMMAS: usize = 3;
    let trimmed = line.trim_start();
    if trimmed.starts_with("import ") || trimmed.starts_with("from ") {
        return false;
    }
    let mut depth = 0i32;
    let mut commas = 0;
    for c in line.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth <= 0 => commas += 1,
            _ => {}
        }
    }
    commas >= MIN_COMMAS
}

/// `answer` with everything but its code blanked to spaces, byte offsets kept: lines inside ``` fences and lines
/// that look like code, less their comments. Inline `code` in prose is left out: prose often names code to
/// reject it ("never write `except: pass`").
pub fn code_only(answer: &str) -> String {
    let mut out = String::with_capacity(answer.len());
    let mut in_fence = false;
    for line in answer.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            blank(line, &mut out);
        } else if in_fence || looks_like_code(line) {
            let code_end = comment_start(line).unwrap_or(line.len());
            out.push_str(&line[..code_end]);
            blank(&line[code_end..], &mut out);
        } else {
            blank(line, &mut out);
        }
    }
    out
}

/// Appends `text` as spaces of the same byte length, line breaks kept.
fn blank(text: &str, out: &mut String) {
    for c in text.chars() {
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
}

/// Where a `#` comment starts in a code line, outside string literals.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, '#') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The line of `text` where one of the pitfall's code patterns matches `code` (`text` with all but its code
/// blanked, see [`code_only`]), verbatim and trimmed.
pub fn pitfall_in_code(pitfall: &Pitfall, text: &str, code: &str) -> Option<String> {
    static COMPILED: Memo<Option<Regex>> = Memo::new();
    pitfall.code.iter().find_map(|pattern| {
        // Patterns were checked when the bank was loaded; one that does not compile matches nothing.
        let regex = COMPILED.get_or_insert_with(pattern, || Regex::new(pattern).ok());
        let found = regex.as_ref().as_ref()?.find(code)?;
        let last = text[..found.end()].trim_end().len().max(found.start() + 1);
        let line_start = text[..last].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        Some(text[line_start..line_end].trim().to_string())
    })
}
