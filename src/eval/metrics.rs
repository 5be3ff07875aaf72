//! Agreement between our grades and human grades: quadratic weighted kappa on the 0-4 band, correlations on the
//! continuous scale, exact and adjacent agreement, the confusion matrix and the mean signed error.
//!
//! Every figure that a degenerate sample cannot define (no cases, a constant series) is `None`, never NaN, so
//! that reports can say "undefined" and JSON carries `null`.
use serde::Serialize;

/// Number of bands (0-4).
pub const BANDS: usize = 5;

/// One case seen by both graders.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The human grade mapped to the 0-4 band ([`band_of_grade`]).
    pub human_band: u8,
    /// Our band, 0-4.
    pub our_band: u8,
    /// The human grade as a share of its maximum, 0.0-1.0.
    pub human_fraction: f64,
    /// Our 0-100 score.
    pub our_score: f64,
}

/// Counts of cases per (human band, our band): `confusion[human][ours]`.
pub type Confusion = [[usize; BANDS]; BANDS];

/// All agreement figures over a set of observations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub cases: usize,
    /// Quadratic weighted kappa on the 0-4 band.
    pub qwk: Option<f64>,
    /// Pearson correlation between our 0-100 score and grade/grade_max.
    pub pearson: Option<f64>,
    /// Spearman rank correlation between the same two series (ties get their average rank).
    pub spearman: Option<f64>,
    /// Share of cases (0.0-1.0) where the bands are equal.
    pub exact: Option<f64>,
    /// Share of cases where the bands differ by at most one.
    pub adjacent: Option<f64>,
    /// Mean of (our band - human band): positive when we are more lenient than the humans, negative when harsher.
    pub mean_signed_error: Option<f64>,
    /// Rows: human band; columns: our band.
    pub confusion: Confusion,
}

impl Summary {
    pub fn of(observations: &[Observation]) -> Summary {
        let humans: Vec<u8> = observations.iter().map(|o| o.human_band).collect();
        let ours: Vec<u8> = observations.iter().map(|o| o.our_band).collect();
        let fractions: Vec<f64> = observations.iter().map(|o| o.human_fraction).collect();
        let scores: Vec<f64> = observations.iter().map(|o| o.our_score).collect();
        let n = observations.len();
        let share = |count: usize| (n > 0).then(|| count as f64 / n as f64);
        let distance = |o: &Observation| o.our_band.abs_diff(o.human_band);
        Summary {
            cases: n,
            qwk: quadratic_weighted_kappa(&humans, &ours),
            pearson: pearson(&scores, &fractions),
            spearman: spearman(&scores, &fractions),
            exact: share(observations.iter().filter(|o| distance(o) == 0).count()),
            adjacent: share(observations.iter().filter(|o| distance(o) <= 1).count()),
            mean_signed_error: mean(observations.iter().map(|o| f64::from(o.our_band) - f64::from(o.human_band))),
            confusion: confusion(&humans, &ours),
        }
    }
}

/// A grade on any scale mapped to the 0-4 band: round(4 * grade / grade_max), halves rounded up, clamped to 0-4.
pub fn band_of_grade(grade: f64, grade_max: f64) -> u8 {
    (4.0 * grade / grade_max).round().clamp(0.0, 4.0) as u8
}

pub fn confusion(humans: &[u8], ours: &[u8]) -> Confusion {
    let mut matrix = [[0; BANDS]; BANDS];
    for (&h, &o) in humans.iter().zip(ours) {
        matrix[usize::from(h.min(4))][usize::from(o.min(4))] += 1;
    }
    matrix
}

/// Cohen's kappa with quadratic weights over the bands 0-4: 1 - sum(w * observed) / sum(w * expected), where
/// w = (i - j)^2 and the expected counts come from the two graders' marginal distributions.
///
/// `None` when there is no case, or when both graders give every case the same band (nothing to agree on
/// beyond chance). When only one grader is constant the kappa is defined and is 0.
pub fn quadratic_weighted_kappa(humans: &[u8], ours: &[u8]) -> Option<f64> {
    let n = humans.len().min(ours.len());
    if n == 0 {
        return None;
    }
    let observed = confusion(humans, ours);
    let human_totals: Vec<f64> = observed.iter().map(|row| row.iter().sum::<usize>() as f64).collect();
    let our_totals: Vec<f64> = (0..BANDS).map(|j| observed.iter().map(|row| row[j]).sum::<usize>() as f64).collect();
    let mut weighted_observed = 0.0;
    let mut weighted_expected = 0.0;
    for i in 0..BANDS {
        for j in 0..BANDS {
            let weight = ((i as f64) - (j as f64)).powi(2);
            weighted_observed += weight * observed[i][j] as f64;
            weighted_expected += weight * human_totals[i] * our_totals[j] / n as f64;
        }
    }
    (weighted_expected > 0.0).then(|| 1.0 - weighted_observed / weighted_expected)
}

/// Pearson correlation; `None` with fewer than two pairs or when either series is constant.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return None;
    }
    let mean_x = xs[..n].iter().sum::<f64>() / n as f64;
    let mean_y = ys[..n].iter().sum::<f64>() / n as f64;
    let (mut cov, mut var_x, mut var_y) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mean_x, y - mean_y);
        cov += dx * dy;
        var_x += dx * dx;
        var_y += dy * dy;
    }
    let r = cov / (var_x * var_y).sqrt();
    (var_x > 0.0 && var_y > 0.0 && r.is_finite()).then(|| r.clamp(-1.0, 1.0))
}

/// Spearman rank correlation: Pearson over the ranks, tied values sharing their average rank.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len().min(ys.len());
    pearson(&ranks(&xs[..n]), &ranks(&ys[..n]))
}

/// 1-based ranks; tied values get the mean of the ranks they span.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let average = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = average;
        }
        start = end;
    }
    ranks
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, count), v| (sum + v, count + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("defined");
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    fn observations(pairs: &[(u8, u8)]) -> Vec<Observation> {
        pairs
            .iter()
            .map(|&(h, o)| Observation {
                human_band: h,
                our_band: o,
                human_fraction: f64::from(h) / 4.0,
                our_score: f64::from(o) * 20.0,
            })
            .collect()
    }

    #[test]
    fn qwk_is_one_for_perfect_agreement() {
        close(quadratic_weighted_kappa(&[0, 1, 2, 3, 4, 4], &[0, 1, 2, 3, 4, 4]), 1.0);
    }

    #[test]
    fn qwk_is_minus_one_for_opposite_extremes() {
        // Observed: one case at (0,4), one at (4,0), weight 16 each: 32. Expected: half a case in each of the four
        // corners: (0,4) and (4,0) weigh 16, so 16. Kappa = 1 - 32/16 = -1.
        close(quadratic_weighted_kappa(&[0, 4], &[4, 0]), -1.0);
    }

    #[test]
    fn qwk_matches_a_hand_computed_table() {
        // Humans 0,1,2,3,4; ours 0,1,2,3,3. Observed weighted disagreement: (4-3)^2 = 1. Expected: each human row
        // holds 1 case, our column totals are 1,1,1,2,0, so sum_j total_j * sum_i (i-j)^2 / 5
        // = (30 + 15 + 10 + 2*15 + 0) / 5 = 17. Kappa = 1 - 1/17 = 16/17.
        close(quadratic_weighted_kappa(&[0, 1, 2, 3, 4], &[0, 1, 2, 3, 3]), 16.0 / 17.0);
    }

    #[test]
    fn qwk_is_zero_when_only_one_grader_is_constant() {
        close(quadratic_weighted_kappa(&[0, 1, 2, 3, 4], &[2, 2, 2, 2, 2]), 0.0);
    }

    #[test]
    fn qwk_is_undefined_when_both_graders_are_constant_or_there_is_no_case() {
        assert_eq!(quadratic_weighted_kappa(&[3, 3, 3], &[3, 3, 3]), None);
        assert_eq!(quadratic_weighted_kappa(&[], &[]), None);
    }

    #[test]
    fn pearson_matches_a_hand_computed_value() {
        // x = 1,2,3; y = 2,4,7: cov = 5, var x = 2, var y = 114/9.
        close(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]), 5.0 / (2.0f64 * 114.0 / 9.0).sqrt());
    }

    #[test]
    fn pearson_is_undefined_for_a_constant_series_or_a_single_pair() {
        assert_eq!(pearson(&[50.0, 50.0, 50.0], &[0.0, 0.5, 1.0]), None);
        assert_eq!(pearson(&[1.0], &[1.0]), None);
        assert_eq!(spearman(&[50.0, 50.0, 50.0], &[0.0, 0.5, 1.0]), None);
    }

    #[test]
    fn spearman_is_one_for_any_increasing_relation() {
        close(spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 8.0, 27.0, 64.0]), 1.0);
    }

    #[test]
    fn spearman_gives_ties_their_average_rank() {
        // Ranks of x: 1, 2.5, 2.5, 4; of y: 1, 2, 3, 4. cov = 4.5, var = 4.5 and 5.
        assert_eq!(ranks(&[1.0, 2.0, 2.0, 3.0]), vec![1.0, 2.5, 2.5, 4.0]);
        close(spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 4.0]), 4.5 / (4.5f64 * 5.0).sqrt());
    }

    #[test]
    fn grades_map_to_bands_by_rounding_four_times_the_share() {
        let table = [(0.0, 1.0, 0), (0.1, 1.0, 0), (0.125, 1.0, 1), (0.5, 1.0, 2), (0.625, 1.0, 3), (5.0, 5.0, 4)];
        for (grade, max, band) in table {
            assert_eq!(band_of_grade(grade, max), band, "{grade}/{max}");
        }
        assert_eq!(band_of_grade(7.0, 5.0), 4);
    }

    #[test]
    fn summary_counts_agreement_and_signed_error() {
        let summary = Summary::of(&observations(&[(0, 0), (1, 2), (2, 4), (4, 3)]));
        assert_eq!(summary.cases, 4);
        close(summary.exact, 0.25);
        close(summary.adjacent, 0.75);
        close(summary.mean_signed_error, (0.0 + 1.0 + 2.0 - 1.0) / 4.0);
        assert_eq!(summary.confusion[1][2], 1);
        assert_eq!(summary.confusion[4][3], 1);
        assert_eq!(summary.confusion.iter().flatten().sum::<usize>(), 4);
    }

    #[test]
    fn constant_predictions_leave_figures_undefined_without_nan() {
        let summary = Summary::of(&observations(&[(0, 2), (2, 2), (4, 2)]));
        assert_eq!(summary.pearson, None);
        assert_eq!(summary.spearman, None);
        close(summary.qwk, 0.0);
        let json = serde_json::to_string(&summary).unwrap();
        assert!(json.contains("\"pearson\":null") && !json.contains("NaN"), "{json}");
        let empty = Summary::of(&[]);
        assert_eq!((empty.qwk, empty.exact, empty.mean_signed_error), (None, None, None));
    }
}
