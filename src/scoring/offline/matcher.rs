//! Finds evidence concepts in an answer: phrases matched on word stems, in order, with small gaps, and never
//! when the answer negates them.
use super::memo::Memo;
use crate::bank::Concept;
use crate::scoring::text::{self, StemId, Token};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::RangeInclusive;
use std::sync::Arc;

/// Words between two consecutive phrase words that a match tolerates.
const MAX_GAP: usize = 2;
/// A wrong claim of at least this many content words is specific enough to be matched loosely: its content words
/// in order in one clause that holds no negator, with at most [`LONG_CLAIM_SLACK`] more words in the span than the
/// phrase has ("every import statement re-runs the module file" for "every import re-runs the module"). Chosen on
/// the tune split of tests/data/graded/dev.jsonl, fresh, fresh2 and negation-dev; at 4 words, correct answers in
/// tests/data/bank-checks/correct-answers.jsonl start to be read as wrong (12 of 273).
const LONG_CLAIM_WORDS: usize = 5;
const LONG_CLAIM_SLACK: usize = 6;
/// How far before a match a negating word is looked for (within the clause).
const NEGATION_WINDOW: usize = 3;

const NEGATORS: &[&str] = &["not", "no", "never", "neither", "nor", "without", "cannot", "none", "hardly", "nothing"];
/// Predicates that, negated right after a match, deny the matched thing itself ("reference counting is not
/// used"), unlike "reference counting is not thread-safe", which says something about it.
const DENIALS: &[&str] = &[
    "used",
    "use",
    "needed",
    "required",
    "involved",
    "present",
    "there",
    "true",
    "correct",
    "relevant",
    "supported",
    "available",
    "necessary",
    "applied",
    "done",
    "real",
    "exist",
    "a",
    "an",
    "really",
    "part",
    "how",
    "what",
];
/// Words that open a clause naming what the answer contrasts with, not what it claims.
const CONTRASTS: &[&str] = &["unlike", "instead"];
const AUXILIARIES: &[&str] =
    &["is", "are", "was", "were", "does", "do", "did", "has", "have", "can", "will", "would", "should", "could"];

/// The analysed answer, indexed by stem.
pub struct Document<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    /// Where each stem occurs, by stem id.
    by_id: HashMap<StemId, Vec<usize>, BuildHasherDefault<IdHasher>>,
    /// The families of the answer's stems (see [`text::family`]), found when first asked for.
    families: std::cell::OnceCell<std::collections::HashSet<[u8; text::FAMILY_PREFIX]>>,
    /// Clauses that hold a negator: their words state nothing for loose (paraphrase) matching.
    negated_clauses: std::collections::HashSet<usize>,
    /// Clauses that name the thing contrasted with ("unlike lists", "instead of threads"): no claim starts there.
    contrast_clauses: std::collections::HashSet<usize>,
    /// Per sentence, the token that ends a report of what others believe ("people think", "a common
    /// misconception is"): what follows it in the sentence is reported, not claimed.
    reported_after: HashMap<usize, usize>,
    /// Sentences that state a wrong claim: their words earn no credit, as the sentence is wrong as a whole.
    wrong_sentences: std::collections::HashSet<usize>,
    /// Where "it" and "they" stand: pronouns that may hold a claim's subject.
    subject_pronouns: Vec<usize>,
    /// Per token: a negating word (see [`is_negator`]), and a word a phrase's gap may not skip.
    negator: Vec<bool>,
    gap_negator: Vec<bool>,
}

impl<'a> Document<'a> {
    /// Analyses `text`, leaving out the tokens inside `excluded` byte ranges (text addressed to the grader).
    pub fn new(text: &'a str, excluded: &[std::ops::Range<usize>]) -> Self {
        let tokens: Vec<Token> = text::tokenize(text)
            .into_iter()
            .filter(|t| !excluded.iter().any(|r| r.start <= t.span.start && t.span.end <= r.end))
            .collect();
        let mut by_id: HashMap<StemId, Vec<usize>, BuildHasherDefault<IdHasher>> = HashMap::default();
        for (i, token) in tokens.iter().enumerate() {
            by_id.entry(token.stem_id).or_default().push(i);
        }
        let mut doc = Document {
            text,
            tokens,
            by_id,
            families: Default::default(),
            negated_clauses: Default::default(),
            contrast_clauses: Default::default(),
            reported_after: HashMap::new(),
            wrong_sentences: Default::default(),
            subject_pronouns: Vec::new(),
            negator: Vec::new(),
            gap_negator: Vec::new(),
        };
        doc.negator = (0..doc.tokens.len()).map(|i| is_negator(&doc, i)).collect();
        doc.gap_negator = doc.tokens.iter().map(|t| negates_in_gap(&t.word)).collect();
        doc.subject_pronouns =
            (0..doc.tokens.len()).filter(|&i| SUBJECT_PRONOUNS.contains(&doc.tokens[i].word.as_str())).collect();
        doc.negated_clauses = (0..doc.tokens.len()).filter(|&i| doc.negator[i]).map(|i| doc.tokens[i].clause).collect();
        // The tokenizer opens a clause at each contrast word, so the word's clause is the one it opens.
        doc.contrast_clauses =
            doc.tokens.iter().filter(|t| CONTRASTS.contains(&t.word.as_str())).map(|t| t.clause).collect();
        for i in 0..doc.tokens.len() {
            if is_report(&doc.tokens, i) {
                doc.reported_after.entry(doc.tokens[i].sentence).or_insert(i);
            }
        }
        doc
    }

    /// Where the stem occurs in the answer, if it does.
    fn at_stem(&self, stem: &str) -> Option<&Vec<usize>> {
        self.by_id.get(&text::stem_id(stem)?)
    }

    pub fn contains_stem(&self, stem: &str) -> bool {
        self.at_stem(stem).is_some()
    }

    /// Marks the sentences of these matches as stating a wrong claim: nothing in them is affirmed any more.
    pub fn mark_wrong<'m>(&mut self, claims: impl IntoIterator<Item = &'m Match>) {
        for claim in claims {
            self.wrong_sentences.insert(self.tokens[*claim.tokens.start()].sentence);
        }
    }

    fn in_wrong_sentence(&self, i: usize) -> bool {
        self.wrong_sentences.contains(&self.tokens[i].sentence)
    }

    /// True when the stem occurs in a clause that is not negated, outside the sentences marked wrong.
    pub fn affirms_stem(&self, stem: &str) -> bool {
        self.at_stem(stem).is_some_and(|at| {
            at.iter().any(|&i| !self.negated_clauses.contains(&self.tokens[i].clause) && !self.in_wrong_sentence(i))
        })
    }

    /// Like [`Document::contains_stem`], also accepting a word of the same family (see [`text::family`]:
    /// "retransmiss" and "retransmit").
    pub fn contains_related(&self, stem: &str) -> bool {
        self.contains_stem(stem)
            || text::family(stem).is_some_and(|family| {
                self.families
                    .get_or_init(|| self.tokens.iter().filter_map(|t| text::family(&t.stem)).collect())
                    .contains(&family)
            })
    }

    /// The verbatim text around a match: its sentence, or a window of it when the sentence is long.
    pub fn quote(&self, tokens: RangeInclusive<usize>) -> String {
        const CONTEXT_WORDS: usize = 6;
        let sentence = self.tokens[*tokens.start()].sentence;
        let mut first = *tokens.start();
        while first > 0 && self.tokens[first - 1].sentence == sentence && tokens.start() - (first - 1) <= CONTEXT_WORDS
        {
            first -= 1;
        }
        let mut last = *tokens.end();
        while last + 1 < self.tokens.len()
            && self.tokens[last + 1].sentence == sentence
            && (last + 1) - tokens.end() <= CONTEXT_WORDS
        {
            last += 1;
        }
        self.text[self.tokens[first].span.start..self.tokens[last].span.end].to_string()
    }
}

/// Hashes a stem id, already a well-spread small number, by one multiplication.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, id: u32) {
        self.0 = u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[derive(Clone)]
enum Word {
    Stem(StemId),
    Prefix(String),
    /// "a", "an" or "the": any of them matches, so "loop over a generator" also matches "loop over the generator".
    Article,
}

impl Word {
    fn matches(&self, token: &Token) -> bool {
        match self {
            Word::Stem(stem) => token.stem_id == *stem,
            Word::Prefix(prefix) => token.word.starts_with(prefix.as_str()),
            Word::Article => ARTICLES.contains(&token.word.as_str()),
        }
    }

    /// False when the answer does not hold the word at all, so that no phrase with it can match.
    fn may_occur_in(&self, doc: &Document) -> bool {
        match self {
            Word::Stem(stem) => doc.by_id.contains_key(stem),
            Word::Prefix(_) | Word::Article => true,
        }
    }
}

impl Phrase {
    /// Stems that any match of the phrase holds: its content stems for a phrase that can be a long claim (which
    /// needs no function word), else all its stems.
    fn needed_stems(&self) -> Box<dyn Iterator<Item = StemId> + '_> {
        if self.claim_stems.is_empty() {
            Box::new(self.words.iter().filter_map(|word| match word {
                Word::Stem(stem) => Some(*stem),
                Word::Prefix(_) | Word::Article => None,
            }))
        } else {
            Box::new(self.claim_stems.iter().copied())
        }
    }
}

/// A concept with more phrases than this is indexed by key stem (see [`CompiledConcept::by_key`]).
const MIN_PHRASES_TO_INDEX: usize = 64;

#[derive(Clone)]
struct Phrase {
    words: Vec<Word>,
    /// The phrase itself says "not ..." and so is not negated by a preceding negator.
    negative: bool,
    /// The stem a pronoun may stand for: the first word of a phrase of three words or more, when it is a content
    /// word ("del" in "del destroys the object").
    pronoun_subject: Option<StemId>,
    /// The distinct content stems in order, for a phrase long enough to be matched loosely as a claim (see
    /// [`LONG_CLAIM_WORDS`]); empty otherwise.
    claim_stems: Vec<StemId>,
}

/// A concept compiled for matching: its alternatives as phrases of stems.
pub struct CompiledConcept {
    phrases: Vec<Phrase>,
    /// The phrases by a stem each of them needs (the one fewest of the concept's phrases share), for a concept of
    /// many phrases: an answer is tried only against the phrases whose key it holds.
    by_key: HashMap<StemId, Vec<usize>, BuildHasherDefault<IdHasher>>,
    /// Phrases with no stem to key them by (prefixes only): always tried.
    unkeyed: Vec<usize>,
}

/// Where a concept was found.
#[derive(Debug, Clone)]
pub struct Match {
    pub tokens: RangeInclusive<usize>,
    pub negated: bool,
}

impl CompiledConcept {
    /// The compiled form of `concept`, memoized by its text: a bank's concepts are compiled once per process.
    pub fn of(concept: &Concept) -> Arc<CompiledConcept> {
        static COMPILED: Memo<CompiledConcept> = Memo::new();
        COMPILED.get_or_insert_with(&concept.0, || CompiledConcept::new(concept))
    }

    fn new(concept: &Concept) -> Self {
        Self::indexed(concept.alternatives().map(compile_phrase).filter(|p| !p.words.is_empty()).collect())
    }

    /// One concept holding the phrases of all `parts`, in order.
    pub fn merged<'c>(parts: impl IntoIterator<Item = &'c CompiledConcept>) -> Self {
        Self::indexed(parts.into_iter().flat_map(|part| part.phrases.iter().cloned()).collect())
    }

    fn indexed(phrases: Vec<Phrase>) -> Self {
        let mut by_key: HashMap<StemId, Vec<usize>, BuildHasherDefault<IdHasher>> = HashMap::default();
        let mut unkeyed = Vec::new();
        if phrases.len() > MIN_PHRASES_TO_INDEX {
            let mut shared: HashMap<StemId, usize> = HashMap::new();
            for phrase in &phrases {
                for stem in phrase.needed_stems() {
                    *shared.entry(stem).or_default() += 1;
                }
            }
            for (i, phrase) in phrases.iter().enumerate() {
                match phrase.needed_stems().min_by_key(|stem| shared[stem]) {
                    Some(key) => by_key.entry(key).or_default().push(i),
                    None => unkeyed.push(i),
                }
            }
        }
        CompiledConcept { phrases, by_key, unkeyed }
    }

    /// The indices of the phrases that may match in the answer, in the concept's order, for an indexed concept
    /// (those whose key the answer holds); `None` for all phrases.
    fn candidates(&self, doc: &Document) -> Option<Vec<usize>> {
        if self.by_key.is_empty() && self.unkeyed.is_empty() {
            return None;
        }
        let mut indices: Vec<usize> = self.unkeyed.clone();
        for stem in doc.by_id.keys() {
            indices.extend(self.by_key.get(stem).into_iter().flatten());
        }
        indices.sort_unstable();
        Some(indices)
    }

    fn phrases_among<'c>(&'c self, candidates: &'c Option<Vec<usize>>) -> impl Iterator<Item = &'c Phrase> + 'c {
        let (all, some) = match candidates {
            None => (Some(self.phrases.iter()), None),
            Some(indices) => (None, Some(indices.iter().map(|&i| &self.phrases[i]))),
        };
        all.into_iter().flatten().chain(some.into_iter().flatten())
    }

    pub fn find(&self, doc: &Document) -> Vec<Match> {
        self.find_among(doc, &self.candidates(doc))
    }

    fn find_among(&self, doc: &Document, candidates: &Option<Vec<usize>>) -> Vec<Match> {
        let mut found = Vec::new();
        let mut prefixed = Vec::new();
        for phrase in self.phrases_among(candidates) {
            if !phrase.words.iter().all(|word| word.may_occur_in(doc)) {
                continue;
            }
            let starts: &[usize] = match &phrase.words[0] {
                Word::Stem(stem) => doc.by_id.get(stem).map_or(&[], Vec::as_slice),
                prefix => {
                    prefixed.clear();
                    prefixed.extend((0..doc.tokens.len()).filter(|&i| prefix.matches(&doc.tokens[i])));
                    &prefixed
                }
            };
            for &start in starts {
                if let Some(end) = match_from(&phrase.words[1..], doc, start) {
                    let negated = !phrase.negative && is_negated(doc, start, end);
                    found.push(Match { tokens: start..=end, negated });
                }
            }
        }
        found
    }

    /// The first match that is not negated, outside the sentences marked wrong.
    pub fn find_affirmed(&self, doc: &Document) -> Option<Match> {
        self.find(doc).into_iter().find(|m| !m.negated && !doc.in_wrong_sentence(*m.tokens.start()))
    }

    /// The first match that states a claim: not negated, within one clause ("is compares identity, == compares
    /// values" does not claim "identity compares values"), not in a clause that names what the answer contrasts
    /// with ("Tuples, unlike lists, are hashable" does not claim "lists are hashable"), and not reported as
    /// somebody else's belief ("people think threads speed up CPU-bound code, but ...").
    pub fn find_claimed(&self, doc: &Document) -> Option<Match> {
        let candidates = self.candidates(doc);
        let mut found = self.find_among(doc, &candidates);
        found.extend(self.find_with_pronoun_subject(doc, &candidates));
        found.extend(self.phrases_among(&candidates).filter_map(|phrase| find_long_claim(phrase, doc)));
        found.into_iter().find(|m| {
            let (first, last) = (&doc.tokens[*m.tokens.start()], &doc.tokens[*m.tokens.end()]);
            let reported = doc.reported_after.get(&first.sentence).is_some_and(|&at| *m.tokens.start() > at);
            !m.negated
                && !reported
                && !doc.contrast_clauses.contains(&first.clause)
                && first.clause == last.clause
                && !is_rejected(doc, *m.tokens.end())
                && !is_attached(doc, *m.tokens.start())
        })
    }
}

/// A long claim's content words in order within one clause that holds no negator, spanning at most
/// [`LONG_CLAIM_SLACK`] words more than the phrase.
fn find_long_claim(phrase: &Phrase, doc: &Document) -> Option<Match> {
    let (first, rest) = phrase.claim_stems.split_first()?;
    doc.by_id.get(first)?.iter().find_map(|&start| {
        let clause = doc.tokens[start].clause;
        if doc.negated_clauses.contains(&clause) {
            return None;
        }
        let in_clause = |from: usize| (from..doc.tokens.len()).take_while(move |&i| doc.tokens[i].clause == clause);
        let mut end = start;
        for stem in rest {
            end = in_clause(end + 1).find(|&i| doc.tokens[i].stem_id == *stem)?;
        }
        (end - start < phrase.words.len() + LONG_CLAIM_SLACK).then_some(Match { tokens: start..=end, negated: false })
    })
}

/// Pronouns that can stand for a claim's subject: "`del x` frees memory: it destroys the object".
const SUBJECT_PRONOUNS: &[&str] = &["it", "they"];
/// Words, beside the function words, that link a clause to the one before it and name nothing ("since it",
/// "however, it").
const CONNECTIVES: &[&str] = &["since", "however", "therefore", "hence"];
/// How many words before the pronoun the subject it stands for must have been named.
const ANTECEDENT_WINDOW: usize = 12;

impl Document<'_> {
    /// Where the thing a pronoun at `p` stands for is named: the words before `p` of the nearest clause that has
    /// a content word before it, within [`ANTECEDENT_WINDOW`] words. In "a tuple is hashable (if its items are)
    /// so it can be a dict key" the pronoun's clause names nothing before it, so the clause before it holds its
    /// antecedent: not the list named a sentence earlier.
    fn antecedent_clause(&self, p: usize) -> std::ops::Range<usize> {
        let window = p.saturating_sub(ANTECEDENT_WINDOW);
        let mut end = p;
        while end > window {
            let clause = self.tokens[end - 1].clause;
            let mut start = end - 1;
            while start > window && self.tokens[start - 1].clause == clause {
                start -= 1;
            }
            if self.tokens[start..end]
                .iter()
                .any(|t| !text::is_stopword(&t.word) && !CONNECTIVES.contains(&t.word.as_str()))
            {
                return start..end;
            }
            end = start;
        }
        p..p
    }
}

impl CompiledConcept {
    /// Matches of phrases of three or more words whose subject (their first word) is held by a pronoun, the
    /// subject itself named shortly before: "del x is how you free memory: it destroys the object" states "del
    /// destroys the object".
    fn find_with_pronoun_subject(&self, doc: &Document, candidates: &Option<Vec<usize>>) -> Vec<Match> {
        let mut found = Vec::new();
        if doc.subject_pronouns.is_empty() {
            return found;
        }
        for phrase in self.phrases_among(candidates) {
            let Some(subject) = &phrase.pronoun_subject else { continue };
            // The subject is named before the pronoun, so every word of the phrase is in the answer.
            if !phrase.words.iter().all(|word| word.may_occur_in(doc)) {
                continue;
            }
            for &p in &doc.subject_pronouns {
                let Some(end) = match_from(&phrase.words[1..], doc, p) else { continue };
                if doc.antecedent_clause(p).any(|i| doc.tokens[i].stem_id == *subject) {
                    let negated = !phrase.negative && is_negated(doc, p, end);
                    found.push(Match { tokens: p..=end, negated });
                }
            }
        }
        found
    }
}

/// Words that may stand between a claim and the verdict on it ("is generally considered bad practice").
const VERDICT_FILLERS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "being",
    "been",
    "considered",
    "generally",
    "usually",
    "often",
    "widely",
    "always",
    "strongly",
    "really",
    "very",
    "a",
    "an",
    "just",
    "seen",
    "as",
    "now",
    "actively",
    "officially",
    "should",
    "must",
    "to",
];
/// Stems of verdicts that reject what comes before them: "comparing to None with == is discouraged".
const REJECTIONS: &[&str] = &[
    "discourag",
    "wrong",
    "mistak",
    "myth",
    "fals",
    "incorrect",
    "mislead",
    "danger",
    "avoid",
    "harm",
    "bug",
    "frown",
    "bad",
    "fragil",
    "unsaf",
    "deprec",
    "unreli",
    "pitfal",
    "trap",
    "gotcha",
    "smell",
    "antipattern",
    "anti",
    "outdat",
    "obsolet",
    "error",
];

/// True when the words right after a claim, in its clause, reject it ("... is a common mistake", "... should
/// be avoided"): the answer names the claim to dismiss it.
fn is_rejected(doc: &Document, end: usize) -> bool {
    let clause = doc.tokens[end].clause;
    let mut after = doc.tokens[end + 1..].iter().take_while(|t| t.clause == clause).take(5);
    after.find(|t| !VERDICT_FILLERS.contains(&t.word.as_str())).is_some_and(|t| REJECTIONS.contains(&t.stem.as_str()))
}

/// Words after which a noun belongs to the phrase before it: in "a tuple containing a list is immutable" the
/// subject is the tuple, so "list is immutable" is not claimed.
const ATTACHERS: &[&str] = &["of", "containing", "contains", "holding", "holds", "inside", "within", "wrapping"];

/// True when the claim's first word is the object of an attaching word just before it (an article between).
fn is_attached(doc: &Document, start: usize) -> bool {
    let clause = doc.tokens[start].clause;
    let before = doc.tokens[..start].iter().rev().take_while(|t| t.clause == clause);
    before
        .take(2)
        .find(|t| !["a", "an", "the"].contains(&t.word.as_str()))
        .is_some_and(|t| ATTACHERS.contains(&t.word.as_str()))
}

const ARTICLES: &[&str] = &["a", "an", "the"];

fn compile_phrase(text: &str) -> Phrase {
    let mut words = Vec::new();
    // The content stems, for a long claim and a pronoun's subject.
    let mut content: Vec<Option<StemId>> = Vec::new();
    for raw in text.split_whitespace() {
        if let Some(prefix) = raw.strip_suffix('*') {
            for token in text::tokenize(prefix) {
                words.push(Word::Prefix(token.word));
                content.push(None);
            }
        } else {
            for token in text::tokenize(raw) {
                words.push(if ARTICLES.contains(&token.word.as_str()) {
                    Word::Article
                } else {
                    Word::Stem(token.stem_id)
                });
                content.push((!text::is_stopword(&token.stem)).then_some(token.stem_id));
            }
        }
    }
    let negative = text::tokenize(text).iter().any(|t| NEGATORS.contains(&t.word.as_str()));
    let pronoun_subject = if words.len() >= 3 { content.first().copied().flatten() } else { None };
    let mut claim_stems: Vec<StemId> = Vec::new();
    if !negative && words.iter().all(|w| matches!(w, Word::Stem(_) | Word::Article)) {
        for stem in content.iter().flatten() {
            if !claim_stems.contains(stem) {
                claim_stems.push(*stem);
            }
        }
    }
    if claim_stems.len() < LONG_CLAIM_WORDS {
        claim_stems.clear();
    }
    Phrase { words, negative, pronoun_subject, claim_stems }
}

/// Matches the remaining phrase words after the token at `at`, in order, in the same sentence, with gaps of at
/// most [`MAX_GAP`] words, none of them negating ("POST is the non-idempotent one" does not match "post is
/// idempotent"; "EXPLAIN without ANALYZE" does not match "explain analyze"). Returns the index of the last
/// matched token.
fn match_from(rest: &[Word], doc: &Document, at: usize) -> Option<usize> {
    let Some((word, tail)) = rest.split_first() else {
        return Some(at);
    };
    let sentence = doc.tokens[at].sentence;
    (at + 1..=at + 1 + MAX_GAP)
        .take_while(|&i| i < doc.tokens.len() && doc.tokens[i].sentence == sentence)
        .take_while(|&i| word.matches(&doc.tokens[i]) || !doc.gap_negator[i])
        .filter(|&i| word.matches(&doc.tokens[i]))
        .find_map(|i| match_from(tail, doc, i))
        .filter(|&end| !continues_complexity(rest, doc, end))
}

fn negates_in_gap(word: &str) -> bool {
    NEGATORS.contains(&word) || word == "non"
}

/// True when a phrase ending in a complexity such as `O(n)` matched only the start of a longer one: `O(n log n)`
/// read as the words "o n log n" is not `O(n)`.
fn continues_complexity(rest: &[Word], doc: &Document, end: usize) -> bool {
    let ends_in_o = end >= 1 && doc.tokens[end - 1].word == "o" && !rest.is_empty();
    ends_in_o && doc.tokens.get(end + 1).is_some_and(|t| t.word == "log" && t.sentence == doc.tokens[end].sentence)
}

/// Words that report a belief as somebody else's, or as a known mistake.
const REPORTERS: &[&str] = &["misconception", "myth", "mistakenly", "wrongly", "erroneously", "contrary"];
/// Who is reported, and the verbs that report them ("people think", "beginners assume").
const BELIEVERS: &[&str] = &["people", "some", "many", "others", "beginners", "juniors", "newcomers", "folks", "they"];
const BELIEFS: &[&str] = &["think", "believ", "assum", "say", "claim", "expect"];
/// Verdicts that, shortly before a belief verb, make it a rejected belief ("it's a mistake to think ...").
const FALSE_BELIEFS: &[&str] = &["mistake", "wrong", "error", "naive", "misleading", "myth", "fallacy"];

/// True when the token at `i` ends a report of what others believe, or of a belief rejected: "a common
/// misconception", "people think", "many developers assume", "it's a mistake to think".
fn is_report(tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].word.as_str();
    if REPORTERS.contains(&word)
        || (word == "mistake" && i > 0 && ["common", "classic", "typical"].contains(&tokens[i - 1].word.as_str()))
    {
        return true;
    }
    let before = |n: usize, words: &[&str]| {
        (i.saturating_sub(n)..i)
            .any(|j| tokens[j].sentence == tokens[i].sentence && words.contains(&tokens[j].word.as_str()))
    };
    BELIEFS.contains(&tokens[i].stem.as_str()) && (before(2, BELIEVERS) || before(3, FALSE_BELIEFS))
}

fn is_negator(doc: &Document, i: usize) -> bool {
    let word = doc.tokens[i].word.as_str();
    NEGATORS.contains(&word) && !(word == "not" && doc.tokens.get(i + 1).is_some_and(|t| t.word == "only"))
}

/// A match is negated by a negator shortly before it or inside it in the same clause ("does not use reference
/// counting"), or by an auxiliary, a negator and a denial right after it ("reference counting is not used").
fn is_negated(doc: &Document, start: usize, end: usize) -> bool {
    let clause = doc.tokens[start].clause;
    let before = (start.saturating_sub(NEGATION_WINDOW)..start).filter(|&i| doc.tokens[i].clause == clause);
    if before.chain(start + 1..end).any(|i| doc.negator[i]) {
        return true;
    }
    let after = |k: usize| doc.tokens.get(end + k).filter(|t| t.clause == doc.tokens[end].clause);
    matches!((after(1), after(2), after(3)), (Some(aux), Some(neg), denial)
        if AUXILIARIES.contains(&aux.word.as_str())
            && (neg.word == "not" || neg.word == "never")
            && denial.is_none_or(|d| DENIALS.contains(&d.word.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(concept: &str, answer: &str) -> Vec<(String, bool)> {
        let doc = Document::new(answer, &[]);
        CompiledConcept::of(&Concept(concept.to_string()))
            .find(&doc)
            .into_iter()
            .map(|m| (doc.quote(m.tokens.clone()), m.negated))
            .collect()
    }

    fn claimed(concept: &str, answer: &str) -> bool {
        CompiledConcept::new(&Concept(concept.to_string())).find_claimed(&Document::new(answer, &[])).is_some()
    }

    #[test]
    fn matches_on_stems_with_small_gaps() {
        assert_eq!(finds("one thread at a time", "only one single thread runs at a time").len(), 1);
        assert!(finds("one thread at a time", "one big fat heavy thread at a time").is_empty());
        assert_eq!(finds("reference counting", "Python counts references").len(), 0);
        assert_eq!(finds("reference count", "it keeps reference counts").len(), 1);
    }

    #[test]
    fn any_article_matches_an_article() {
        assert!(claimed("loop over a generator many times", "you can loop over the same generator as many times"));
        assert!(claimed("object is a metaclass", "object is the metaclass"));
        assert!(!claimed("object is a metaclass", "a class object is its metaclass"));
    }

    #[test]
    fn phrase_does_not_cross_sentences() {
        assert!(finds("mutable list", "It is mutable. List them.").is_empty());
    }

    #[test]
    fn negation_before_or_after_marks_the_match() {
        assert!(finds("reference counting", "Python does not use reference counting")[0].1);
        assert!(finds("reference counting", "reference counting is not used")[0].1);
        assert!(!finds("reference counting", "It uses reference counting, not tracing")[0].1);
        assert!(!finds("reference counting", "reference counting is not thread-safe")[0].1);
        assert!(!finds("reference counting", "not only reference counting")[0].1);
    }

    #[test]
    fn negative_phrases_are_not_negated_again() {
        assert!(!finds("not thread safe", "the allocator is not thread safe")[0].1);
    }

    #[test]
    fn claims_do_not_start_in_a_contrast_clause() {
        assert!(!claimed("lists are hashable", "Tuples, unlike lists, are hashable."));
        assert!(!claimed("lists are hashable", "Unlike lists, tuples are hashable."));
        assert!(!claimed("threads for cpu-bound work", "Instead of threads, use processes for CPU-bound work."));
        assert!(claimed("lists are hashable", "Unlike tuples, lists are hashable."));
        assert!(claimed("lists are hashable", "Lists are hashable too."));
        assert!(!claimed("identity compares values", "is compares identity, == compares values"));
        assert!(!claimed(
            "threads speed up cpu-bound code",
            "People think threads speed up CPU-bound code; they don't."
        ));
        assert!(!claimed("md5 guarantees uniqueness", "A common misconception is that MD5 guarantees uniqueness."));
        assert!(!claimed("threads speed up cpu-bound code", "Many developers assume threads speed up CPU-bound code."));
        assert!(claimed("threads speed up cpu-bound code", "I think threads speed up CPU-bound code."));
        assert!(!claimed("yield is just return", "It's a mistake to think yield is just return."));
        assert!(!claimed("yield is just return", "It is wrong to assume that yield is just return."));
    }

    #[test]
    fn claims_rejected_or_attached_are_not_claimed() {
        assert!(!claimed("compare to none with ==", "Comparing to None with == is discouraged."));
        assert!(!claimed("except pass", "A bare except: pass is generally considered bad practice."));
        assert!(!claimed("threads for cpu work", "Using threads for CPU work should be avoided."));
        assert!(claimed("compare to none with ==", "Compare to None with == whenever you like."));
        assert!(!claimed("list is immutable", "A tuple containing a list is still immutable at the top."));
        assert!(!claimed("list is immutable", "A copy of the list is immutable."));
        assert!(claimed("list is immutable", "A list is immutable."));
        assert!(claimed("list is immutable", "In my view the list is immutable."));
    }

    #[test]
    fn a_pronoun_can_hold_the_subject_of_a_claim() {
        assert!(claimed("del destroys the object", "`del x` frees memory: it destroys the object at once."));
        assert!(claimed("asyncio uses worker threads", "Asyncio is nice, since it uses worker threads."));
        assert!(!claimed("yield ends the function", "yield pauses, unlike return, which ends the function."));
        assert!(!claimed("del destroys the object", "The GC frees memory: it destroys the object at once."));
        assert!(!claimed("del destroys the object", "`del x` only drops a name: it never destroys the object."));
        // The pronoun stands for what the clause before it names, not for a subject named further back.
        assert!(!claimed(
            "list can be a dict key",
            "list mutable, tuple immutable -> tuple is hashable (if its items are) so it can be a dict key"
        ));
        assert!(claimed("list can be a dict key", "A list is mutable, but since it can be a dict key we use it."));
    }

    #[test]
    fn gaps_do_not_skip_a_negation_and_complexities_match_whole() {
        assert!(!claimed("post is idempotent", "POST is the non-idempotent one."));
        assert!(!claimed("explain analyze doesn't execute", "EXPLAIN without ANALYZE doesn't execute the query."));
        assert!(claimed("explain analyze doesn't execute", "EXPLAIN ANALYZE doesn't execute the query."));
        assert!(!claimed("sorting is o(n)", "Sorting is O(n log n), not O(n)."));
        assert!(claimed("sorting is o(n)", "Sorting is O(n), so it is fast."));
    }

    #[test]
    fn a_concept_of_many_phrases_finds_what_a_short_one_finds() {
        let filler: Vec<String> = (0..100).map(|n| format!("widget{n} frobnicates gadget{n}")).collect();
        let many = |tail: &str| format!("{} | {tail}", filler.join(" | "));
        let answer = "Honestly, tuples are mutable, and widget42 frobnicates gadget42 too.";
        let doc = Document::new(answer, &[]);
        let indexed = CompiledConcept::new(&Concept(many("tuples are mutable")));
        assert!(!indexed.by_key.is_empty(), "a concept this long is indexed");
        let quotes: Vec<String> = indexed.find(&doc).iter().map(|m| doc.quote(m.tokens.clone())).collect();
        assert_eq!(quotes.len(), 2);
        assert!(quotes[0].contains("widget42"), "matches come in the concept's order: {quotes:?}");
        assert!(indexed.find_claimed(&Document::new("Tuples are mutable.", &[])).is_some());
        assert!(indexed.find_claimed(&Document::new("Tuples are not mutable.", &[])).is_none());
    }

    #[test]
    fn prefix_words_match_any_ending() {
        assert_eq!(finds("serializ*", "we serialized the payload").len(), 1);
    }

    #[test]
    fn a_long_claim_matches_with_wider_gaps_within_one_clause() {
        let claim = "every import statement re-runs the module file";
        let wide = "Every import statement in your code quietly re-runs the module file.";
        assert!(claimed(claim, wide));
        assert!(finds(claim, wide).is_empty(), "too wide for a phrase's own gaps");
        assert!(!claimed(claim, "No import statement re-runs the module file: the second one finds it cached."));
        assert!(!claimed(claim, "Every import statement is cached, so nothing re-runs; the module file runs once."));
        // A short claim keeps its small gaps: four content words are too few to be read loosely.
        assert!(!claimed(
            "python tuples are mutable objects",
            "Python tuples as I remember from my last job are mutable objects."
        ));
    }
}
