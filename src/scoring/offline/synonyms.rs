//! Everyday words candidates use for the terms of the trade ("tally" for count, "throw away" for free): a small
//! general lexicon, not tied to any question, used when judging paraphrased content.
use crate::scoring::text;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Each line is one group of interchangeable words.
const GROUPS: &[&str] = &[
    "count tally number",
    "lock mutex key latch",
    "free release deallocate reclaim discard destroy delete",
    "store keep save hold persist",
    "fast quick speedy cheap efficient",
    "slow expensive costly heavy",
    "change modify mutate alter edit update",
    "immutable frozen fixed unchangeable constant",
    "error exception failure fault problem",
    "function routine callable method",
    "variable name identifier binding",
    "object instance thing item",
    "list sequence array collection",
    "dictionary dict map mapping lookup",
    "memory ram",
    "thread worker",
    "process subprocess",
    "wait block pause sleep stall",
    "request call query",
    "response reply answer result",
    "retry repeat reattempt",
    "cache memoize remember memo",
    "test check verify assert",
    "mock stub fake double standin",
    "run execute launch start",
    "stop halt end terminate finish",
    "create build make construct instantiate",
    "return give yield produce",
    "copy duplicate clone",
    "compare equal same identical",
    "split divide partition chunk piece slice",
    "combine merge join aggregate",
    "scale grow expand",
    "parallel simultaneous concurrent",
    "order sequence sort rank",
    "find search locate look",
    "load read import fetch",
    "write output emit",
    "user customer client",
    "server backend service",
    "database db store datastore",
    "table relation",
    "index lookup",
    "queue buffer backlog",
    "message event notification",
    "send push publish emit",
    "receive consume pull subscribe",
    "configuration config settings setup",
    "dependency package library requirement",
    "version release",
    "document documentation docs docstring",
    "review inspect audit",
    "secure safe protect guard",
    "bug defect issue",
    "measure profile benchmark time",
    "optimize tune improve speed",
    "reuse share",
    "wrapper wrap decorate",
    "scope namespace",
    "global module",
];

fn groups() -> &'static HashMap<String, Vec<String>> {
    static GROUPS_BY_STEM: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    GROUPS_BY_STEM.get_or_init(|| {
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        for group in GROUPS {
            let stems: Vec<String> = group.split_whitespace().map(text::stem).collect();
            for stem in &stems {
                by_stem.entry(stem.clone()).or_default().extend(stems.iter().filter(|s| *s != stem).cloned());
            }
        }
        by_stem
    })
}

/// The stems that may stand for `stem` in a paraphrase.
pub fn of(stem: &str) -> &'static [String] {
    groups().get(stem).map_or(&[], Vec::as_slice)
}
