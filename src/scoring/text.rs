//! Text analysis for scoring: words with their positions in the answer, sentences and clauses, English stems.
use rust_stemmers::{Algorithm, Stemmer};
use std::ops::Range;
use std::sync::OnceLock;

/// One word of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lower-case surface form (`n't` contractions become `not`).
    pub word: String,
    /// English stem of `word`.
    pub stem: String,
    /// The number standing for `stem` (see [`StemId`]).
    pub stem_id: StemId,
    /// Byte range in the original text.
    pub span: Range<usize>,
    pub sentence: usize,
    /// Clauses split sentences at commas, semicolons and words like "but": negation does not cross them.
    pub clause: usize,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// A number standing for a stem, the same for equal stems throughout the process: phrases are matched by
/// comparing numbers, not strings.
pub type StemId = u32;

/// The id of `stem`, given out on first sight. Ids are never taken back: the table grows with the vocabulary
/// the process has seen, not with the number of answers.
fn intern(stem: &str) -> StemId {
    let mut ids = ids().lock().unwrap_or_else(|e| e.into_inner());
    let next = StemId::try_from(ids.len()).expect("fewer than 2^32 distinct stems");
    *ids.entry(stem.to_string()).or_insert(next)
}

/// The id of `stem` when any text seen so far had it: a stem without one occurs in no analysed text.
pub fn stem_id(stem: &str) -> Option<StemId> {
    ids().lock().unwrap_or_else(|e| e.into_inner()).get(stem).copied()
}

fn ids() -> &'static std::sync::Mutex<std::collections::HashMap<String, StemId>> {
    static IDS: OnceLock<std::sync::Mutex<std::collections::HashMap<String, StemId>>> = OnceLock::new();
    IDS.get_or_init(Default::default)
}

/// The English stem of a lower-case word.
pub fn stem(word: &str) -> String {
    stem_and_id(word).0
}

/// The English stem of a lower-case word and its id. Both are cached per thread: answers repeat a small
/// vocabulary.
fn stem_and_id(word: &str) -> (String, StemId) {
    thread_local! {
        static STEMS: std::cell::RefCell<std::collections::HashMap<String, (String, StemId)>> = Default::default();
    }
    const MAX_CACHED: usize = 50_000;
    STEMS.with_borrow_mut(|stems| {
        if let Some(found) = stems.get(word) {
            return found.clone();
        }
        let stemmed = stemmer().stem(word).into_owned();
        let id = intern(&stemmed);
        let found = (stemmed, id);
        if stems.len() < MAX_CACHED {
            stems.insert(word.to_string(), found.clone());
        }
        found
    })
}

const CLAUSE_WORDS: &[&str] = &["but", "however", "whereas", "although", "though", "while", "unlike", "instead"];
/// Sentence adverbs that, set off by commas right after a one- or two-word subject ("PUT, however, is ..."), are
/// an aside inside the clause rather than the start of a new one.
const ASIDE_ADVERBS: &[&str] = &["however", "though", "actually", "indeed", "therefore", "also", "too", "basically"];
/// Words after which the clause so far is already a whole clause ("it works, however, ..."), not a subject.
const PRONOUNS: &[&str] = &["it", "this", "that", "they", "we", "i", "you", "he", "she", "there"];

/// Splits `text` into tokens. Words are runs of letters, digits and inner underscores, and the operators `==` and
/// `!=`; sentences end at `.`, `!`, `?` followed by a space, or at a line break; clauses also end at `,`, `;`, `:`,
/// dashes, brackets around an aside (not a call's `()` or `O(n)`) and contrast words.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    scan(text, |word, span, sentence, clause| {
        let (stem, stem_id) = stem_and_id(word);
        tokens.push(Token { stem, stem_id, word: word.to_string(), span, sentence, clause })
    });
    tokens
}

/// How many words `text` has, and whether any of them is a function word ([`is_stopword`]).
pub fn word_stats(text: &str) -> (usize, bool) {
    let (mut count, mut function_word) = (0, false);
    scan(text, |word, _, _, _| {
        count += 1;
        function_word = function_word || is_stopword(word);
    });
    (count, function_word)
}

/// Where the scan is: the current sentence and clause, and the boundaries seen since the last word, counted once
/// when the next word starts.
#[derive(Default)]
struct Position {
    emitted: bool,
    sentence: usize,
    clause: usize,
    sentence_break: bool,
    clause_break: bool,
    /// How many words the current clause has so far, and whether the first is a pronoun.
    clause_words: usize,
    clause_opens_with_pronoun: bool,
    /// The comma that closes an aside adverb is not a clause break.
    skip_comma: bool,
}

impl Position {
    /// The (sentence, clause) of a word that starts now; `opens_clause` for a contrast word.
    fn next_word(&mut self, opens_clause: bool) -> (usize, usize) {
        if self.emitted {
            if self.sentence_break {
                self.sentence += 1;
            }
            if self.sentence_break || self.clause_break || opens_clause {
                self.clause += 1;
                self.clause_words = 0;
            }
        }
        (self.sentence_break, self.clause_break, self.emitted) = (false, false, true);
        (self.sentence, self.clause)
    }

    /// True, and the commas around it no clause breaks, when `word` is an aside adverb between commas right after
    /// a short subject: "PUT, however, isn't idempotent" is one clause.
    fn aside_adverb(&mut self, word: &str, before: &str, after: &str) -> bool {
        let short_subject =
            (1..=2).contains(&self.clause_words) && !self.clause_opens_with_pronoun && !self.sentence_break;
        let aside = ASIDE_ADVERBS.contains(&word)
            && short_subject
            && before.trim_end().ends_with(',')
            && after.trim_start().starts_with(',');
        if aside {
            (self.clause_break, self.skip_comma) = (false, true);
        }
        aside
    }
}

/// True when `c`, followed by `next`, ends a sentence: `!`, `?`, a line break, or a full stop before white space or
/// the end (not the dots of `sys.modules`, `v2.1` or `__init__.py`).
pub fn ends_sentence(c: char, next: Option<char>) -> bool {
    matches!(c, '\n' | '!' | '?') || (c == '.' && next.is_none_or(char::is_whitespace))
}

/// Calls `emit(word, span, sentence, clause)` for each word of `text`.
fn scan(text: &str, mut emit: impl FnMut(&str, Range<usize>, usize, usize)) {
    let mut at = Position::default();
    // Per open bracket: whether it opened an aside (a clause break) rather than a call or `O(n)`.
    let mut asides: Vec<bool> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                let inner_apostrophe = (next == '\'' || next == '’')
                    && text[i + next.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
                if next.is_alphanumeric() || next == '_' || inner_apostrophe {
                    end = i + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if is_slash_abbreviation(&text[start..]) {
                // "I/O", "c/s": one word, as "io" is.
                chars.next();
                chars.next();
                end = start + 3;
            }
            let slice = &text[start..end];
            // Most words are already lower-case ASCII: they are used as they stand, with no copy.
            let plain = slice.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'\'');
            let lowered;
            let lower = if plain {
                slice
            } else {
                let mut copy =
                    if slice.contains('/') { slice.replace('/', "").to_lowercase() } else { slice.to_lowercase() };
                if copy.contains('’') {
                    copy = copy.replace('’', "'");
                }
                lowered = copy;
                lowered.as_str()
            };
            let raw = lower.trim_matches('_');
            if raw.is_empty() {
                continue;
            }
            let aside = at.aside_adverb(raw, &text[..start], &text[end..]);
            let (sentence, clause) = at.next_word(!aside && CLAUSE_WORDS.contains(&raw));
            if at.clause_words == 0 {
                at.clause_opens_with_pronoun = PRONOUNS.contains(&raw);
            }
            at.clause_words += 1;
            if raw.contains('\'') || BARE_CONTRACTIONS.contains(&raw) {
                for word in split_contraction(raw) {
                    emit(&word, start..end, sentence, clause);
                }
            } else {
                emit(raw, start..end, sentence, clause);
            }
        } else if let Some(len) = operator_len(text, start) {
            // `/`, `//`, `*` and `**` standing alone are words: "`//` floors", "3 / 2 is 1.5".
            for _ in 1..len {
                chars.next();
            }
            let (sentence, clause) = at.next_word(false);
            at.clause_words += 1;
            emit(&text[start..start + len], start..start + len, sentence, clause);
        } else if (c == '=' || c == '!') && chars.peek().is_some_and(|&(_, next)| next == '=') {
            // `==` and `!=` are words of their own: "== compares values" says something "compares values" does not.
            chars.next();
            let (sentence, clause) = at.next_word(false);
            emit(&text[start..start + 2], start..start + 2, sentence, clause);
        } else if ends_sentence(c, chars.peek().map(|&(_, next)| next)) {
            at.sentence_break = true;
        } else if c == '(' {
            // "readlines() reads lazily", "O(n) time": brackets glued to a word are part of what it names.
            let aside = !text[..start].ends_with(|p: char| p.is_alphanumeric() || p == '_');
            asides.push(aside);
            at.clause_break |= aside;
        } else if c == ')' {
            at.clause_break |= asides.pop().unwrap_or(true);
        } else if c == ',' && at.skip_comma {
            at.skip_comma = false;
        } else if matches!(c, ',' | ';' | ':' | '—' | '–') || is_spaced_hyphen(text, start) {
            at.clause_break = true;
        }
    }
}

/// The length of the arithmetic operator `/`, `//`, `*` or `**` starting at `at` when it stands alone: white
/// space, a quote, a bracket or a digit on both sides, so neither a path (`/docs`, `a/b`), a URL (`http://`) nor a
/// star argument (`*args`) is one.
fn operator_len(text: &str, at: usize) -> Option<usize> {
    let c = text.as_bytes()[at];
    if c != b'/' && c != b'*' {
        return None;
    }
    let len = if text.as_bytes().get(at + 1) == Some(&c) { 2 } else { 1 };
    let apart = |ch: Option<char>| {
        ch.is_none_or(|ch| ch.is_whitespace() || ch.is_ascii_digit() || matches!(ch, '`' | '\'' | '"' | '(' | ')'))
    };
    (apart(text[..at].chars().next_back()) && apart(text[at + len..].chars().next())).then_some(len)
}

/// A hyphen typed as a dash, with white space on both sides ("fast - but only for I/O").
fn is_spaced_hyphen(text: &str, at: usize) -> bool {
    text.as_bytes()[at] == b'-'
        && text[..at].ends_with(char::is_whitespace)
        && text[at + 1..].starts_with(char::is_whitespace)
}

/// A single letter, a slash and a single letter, standing alone ("I/O" but not "TCP/IP" or "a/b/c").
fn is_slash_abbreviation(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b[0].is_ascii_alphabetic()
        && b[1] == b'/'
        && b[2].is_ascii_alphabetic()
        && b.get(3).is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'/')
}

/// Contractions typed without their apostrophe ("dont", "isnt"): they negate as the spelled ones do.
const BARE_CONTRACTIONS: &[&str] = &[
    "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hasnt", "havent", "isnt", "shouldnt", "wasnt", "werent",
    "wont", "wouldnt",
];

fn split_contraction(word: &str) -> Vec<String> {
    if BARE_CONTRACTIONS.contains(&word) {
        return split_contraction(&format!("{}'t", &word[..word.len() - 1]));
    }
    if let Some(head) = word.strip_suffix("n't") {
        let head = match head {
            "ca" => "can",
            "wo" => "will",
            "sha" => "shall",
            other => other,
        };
        return vec![head.to_string(), "not".to_string()];
    }
    match word.split_once('\'') {
        Some((head, "s")) if IS_CONTRACTED.contains(&head) => vec![head.to_string(), "is".to_string()],
        Some((head, "re")) => vec![head.to_string(), "are".to_string()],
        Some((head, "ve")) => vec![head.to_string(), "have".to_string()],
        Some((head, "ll")) => vec![head.to_string(), "will".to_string()],
        Some((head, "m")) => vec![head.to_string(), "am".to_string()],
        Some((head, "s" | "d")) => vec![head.to_string()],
        _ => vec![word.to_string()],
    }
}

/// Words whose `'s` is "is", not a possessive: "it's slower" says "it is slower".
const IS_CONTRACTED: &[&str] = &["it", "that", "there", "here", "what", "he", "she", "who", "where", "how", "this"];

/// How many leading bytes two stems share to count as words of one family ("retransmiss", "retransmit").
pub const FAMILY_PREFIX: usize = 5;

/// A stem's family: its first [`FAMILY_PREFIX`] bytes; `None` for a stem too short to have one.
pub fn family(stem: &str) -> Option<[u8; FAMILY_PREFIX]> {
    stem.as_bytes().get(..FAMILY_PREFIX)?.try_into().ok()
}

/// A content word: neither a function word nor a single letter.
pub fn is_content_word(word: &str) -> bool {
    !is_stopword(word) && word.len() > 1
}

/// Common English function words: they carry no subject matter.
pub fn is_stopword(word: &str) -> bool {
    // The sorted list cut by first byte, so that a lookup compares a word with the few stopwords sharing its first
    // letter only (this runs for every word of every answer, several times).
    static BY_FIRST_BYTE: OnceLock<Vec<std::ops::Range<usize>>> = OnceLock::new();
    let ranges = BY_FIRST_BYTE.get_or_init(|| {
        (0..=u8::MAX)
            .map(|byte| {
                let start = STOPWORDS.partition_point(|w| w.as_bytes()[0] < byte);
                start..STOPWORDS.partition_point(|w| w.as_bytes()[0] <= byte)
            })
            .collect()
    });
    let Some(&first) = word.as_bytes().first() else { return false };
    STOPWORDS[ranges[usize::from(first)].clone()].contains(&word)
}

const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "down", "during", "each", "either", "else", "etc", "even", "ever", "every", "few", "for", "from",
    "further", "get", "gets", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "like", "may", "me", "might", "more", "most", "much",
    "must", "my", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other", "our",
    "out", "over", "own", "per", "quite", "rather", "really", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "thus", "to", "too",
    "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "yes", "you",
    "your",
];

/// `text` on one line (runs of white space become one space), cut to `max_chars` with an ellipsis.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max_chars {
        format!("{}…", flat.chars().take(max_chars).collect::<String>())
    } else {
        flat
    }
}

/// Folds case, white space and typographic quotes, for comparing a quote with the text it claims to come from.
pub fn normalize_for_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        let c = match c {
            '‘' | '’' | '`' | '´' => '\'',
            '“' | '”' | '«' | '»' => '"',
            other => other,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(c.to_lowercase());
            last_space = false;
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_list_is_sorted_for_lookup_by_first_byte() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        assert!(!is_stopword("") && !is_stopword("gil") && !is_stopword("zz"));
    }

    #[test]
    fn io_with_a_slash_is_one_word() {
        let words: Vec<String> = tokenize("I/O-bound and io bound, not TCP/IP").into_iter().map(|t| t.word).collect();
        assert_eq!(words, ["io", "bound", "and", "io", "bound", "not", "tcp", "ip"]);
    }

    #[test]
    fn comparison_operators_are_words_and_end_no_sentence() {
        let tokens = tokenize("a == b, but x != y! Next");
        let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["a", "==", "b", "but", "x", "!=", "y", "next"]);
        assert_eq!(tokens[5].sentence, tokens[0].sentence, "!= is no exclamation mark");
        assert_eq!(tokens[7].sentence, tokens[0].sentence + 1);
    }

    #[test]
    fn contractions_become_not() {
        let words: Vec<String> = tokenize("Python doesn't and can't").into_iter().map(|t| t.word).collect();
        assert_eq!(words, ["python", "does", "not", "and", "can", "not"]);
        let typed: Vec<String> = tokenize("threads dont help, it wont").into_iter().map(|t| t.word).collect();
        assert_eq!(typed, ["threads", "do", "not", "help", "it", "will", "not"]);
    }

    #[test]
    fn contracted_verbs_are_spelled_out_but_possessives_dropped() {
        let words: Vec<String> =
            tokenize("they're slower, it's fine, we've seen it, Python's GC").into_iter().map(|t| t.word).collect();
        assert_eq!(words, ["they", "are", "slower", "it", "is", "fine", "we", "have", "seen", "it", "python", "gc"]);
    }

    #[test]
    fn sentences_and_clauses_are_numbered() {
        let tokens = tokenize("Lists change, tuples don't. Use tuples.\nDone");
        let sentence_of = |w: &str| tokens.iter().find(|t| t.word == w).unwrap().sentence;
        assert_eq!(sentence_of("lists"), 0);
        assert_eq!(sentence_of("use"), 1);
        assert_eq!(sentence_of("done"), 2);
        let clause_of = |w: &str| tokens.iter().find(|t| t.word == w).unwrap().clause;
        assert_ne!(clause_of("lists"), clause_of("tuples"));
        let dashed = tokenize("top level — the inner list – can change - it is fine-grained");
        let clause_of = |w: &str| dashed.iter().find(|t| t.word == w).unwrap().clause;
        assert_eq!([clause_of("level"), clause_of("inner"), clause_of("change"), clause_of("it")], [0, 1, 2, 3]);
        assert_eq!(clause_of("fine"), clause_of("grained"), "a hyphen inside a word is no dash");
        let calls = tokenize("readlines() reads it all, O(n log n) time (for the sort)");
        let clause_of = |w: &str| calls.iter().find(|t| t.word == w).unwrap().clause;
        assert_eq!(clause_of("readlines"), clause_of("reads"), "call brackets end no clause");
        assert_eq!(clause_of("o"), clause_of("time"));
        assert_ne!(clause_of("time"), clause_of("sort"), "an aside in brackets is a clause of its own");
        let aside =
            tokenize("PUT, however, isn't idempotent. It works, however, it is slow. Lists, but not tuples, grow.");
        let clause_of = |w: &str| aside.iter().find(|t| t.word == w).unwrap().clause;
        assert_eq!(clause_of("put"), clause_of("idempotent"), "an adverb between commas after a subject");
        assert_ne!(clause_of("works"), clause_of("slow"), "a whole clause before the adverb");
        assert_ne!(clause_of("lists"), clause_of("grow"), "only adverbs are asides");
    }

    #[test]
    fn arithmetic_operators_standing_alone_are_words() {
        let words = |text: &str| tokenize(text).into_iter().map(|t| t.word).collect::<Vec<_>>();
        assert_eq!(words("`//` floors: 7 // 2 and 3/2"), ["//", "floors", "7", "//", "2", "and", "3", "/", "2"]);
        assert_eq!(words("x ** 2 * y"), ["x", "**", "2", "*", "y"]);
        assert_eq!(
            words("*args, **kwargs at /docs via http://x or a/b"),
            ["args", "kwargs", "at", "docs", "via", "http", "x", "or", "ab"]
        );
    }

    #[test]
    fn dotted_names_and_dunders_split_into_words() {
        let words: Vec<String> = tokenize("functools.wraps on __init__").into_iter().map(|t| t.word).collect();
        assert_eq!(words, ["functools", "wraps", "on", "init"]);
    }

    #[test]
    fn quote_normalization_folds_case_space_and_quotes() {
        assert_eq!(normalize_for_quote("It’s  A\n“Lock”"), "it's a \"lock\"");
    }
}
