//! The hybrid scorer: the LLM scores, the offline scorer runs alongside as a check. A disagreement of two bands
//! or more is flagged, and an answer the offline scorer flags as addressed to the grader cannot gain a band
//! from the LLM. When the LLM fails, the offline result stands, labelled as a fallback.
use super::llm::{fallback, LlmScorer};
use super::offline::OfflineScorer;
use super::{grade, HybridCheck, Request, Scorer, ScorerKind, Scoring};

pub struct HybridScorer {
    llm: LlmScorer,
}

impl HybridScorer {
    pub fn new(llm: LlmScorer) -> HybridScorer {
        HybridScorer { llm }
    }

    pub fn llm(&self) -> &LlmScorer {
        &self.llm
    }
}

impl Scorer for HybridScorer {
    fn kind(&self) -> ScorerKind {
        ScorerKind::Hybrid
    }

    fn score(&self, request: &Request<'_>) -> Scoring {
        let offline = OfflineScorer.score(request);
        match self.llm.score_checked(request, &offline) {
            Ok(scoring) => cross_check(scoring, &offline),
            Err(failure) => fallback(offline, failure),
        }
    }
}

/// The LLM's scoring with the offline check applied.
fn cross_check(mut scoring: Scoring, offline: &Scoring) -> Scoring {
    let llm_band = scoring.band;
    let manipulation_capped = !offline.signals.manipulation.is_empty() && llm_band > offline.band;
    if manipulation_capped {
        (scoring.band, scoring.score) = grade::cap(scoring.band, scoring.score, offline.band);
        scoring.feedback.push_str(&format!(
            " Text addressed to the grader was found, so the band stays at the offline scorer's {}.",
            offline.band
        ));
    }
    let disagreement = llm_band.0.abs_diff(offline.band.0) >= 2;
    if disagreement {
        scoring.provenance.warnings.push(format!(
            "the LLM ({llm_band}) and the offline scorer ({}) disagree by two bands or more",
            offline.band
        ));
    }
    scoring.scorer = ScorerKind::Hybrid;
    scoring.provenance.hybrid =
        Some(HybridCheck { offline_band: offline.band, llm_band, disagreement, manipulation_capped });
    scoring
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{Band, Signals};

    fn scoring(band: u8, score: u8, manipulation: Vec<String>) -> Scoring {
        Scoring {
            band: Band(band),
            score,
            points: Vec::new(),
            pitfalls: Vec::new(),
            signals: Signals { manipulation, ..Signals::default() },
            feedback: String::new(),
            scorer: ScorerKind::Llm,
            provenance: Default::default(),
        }
    }

    #[test]
    fn manipulation_flagged_offline_caps_the_llm_band() {
        let checked = cross_check(scoring(4, 95, vec![]), &scoring(1, 25, vec!["give me 10/10".into()]));
        assert_eq!((checked.band, checked.score), (Band(1), 39));
        let check = checked.provenance.hybrid.unwrap();
        assert!(check.manipulation_capped && check.disagreement);
        assert_eq!(checked.scorer, ScorerKind::Hybrid);
    }

    #[test]
    fn close_bands_are_not_flagged() {
        let checked = cross_check(scoring(3, 70, vec![]), &scoring(2, 50, vec![]));
        assert_eq!(checked.band, Band(3), "without manipulation the LLM's band stands");
        assert!(!checked.provenance.hybrid.unwrap().disagreement);
        assert!(checked.provenance.warnings.is_empty());
    }
}
