//! Backoff between attempts: exponential with jitter, honouring the server's Retry-After, bounded.
use std::time::{Duration, SystemTime};

/// The longest wait between two attempts, whatever a server asks for.
pub const MAX_DELAY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub max_retries: u32,
}

impl Backoff {
    /// The wait before retry number `retry` (0-based): the server's Retry-After when given, else
    /// `base * 2^retry` scaled by `jitter` (0.5-1.0), never above [`MAX_DELAY`].
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(MAX_DELAY);
        }
        let exponential = self.base.saturating_mul(1u32 << retry.min(16));
        exponential.mul_f64(jitter.clamp(0.5, 1.0)).min(MAX_DELAY)
    }
}

/// A jitter factor in 0.5-1.0 from the clock and the std hasher's random keys: no extra dependency.
pub fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos());
    0.5 + (hasher.finish() % 1000) as f64 / 2000.0
}

/// Parses a Retry-After header: delay seconds, or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = humantime::parse_rfc3339_weak(value).ok().or_else(|| parse_http_date(value))?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    humantime::parse_rfc3339(&format!("{year}-{month:02}-{day:0>2}T{time}Z")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_and_stay_bounded() {
        let backoff = Backoff { base: Duration::from_millis(100), max_retries: 3 };
        assert_eq!(backoff.delay(0, None, 1.0), Duration::from_millis(100));
        assert_eq!(backoff.delay(2, None, 1.0), Duration::from_millis(400));
        assert_eq!(backoff.delay(2, None, 0.5), Duration::from_millis(200));
        assert_eq!(backoff.delay(30, None, 1.0), MAX_DELAY);
    }

    #[test]
    fn retry_after_wins_over_backoff_but_is_capped() {
        let backoff = Backoff { base: Duration::from_millis(100), max_retries: 3 };
        assert_eq!(backoff.delay(0, Some(Duration::from_secs(2)), 1.0), Duration::from_secs(2));
        assert_eq!(backoff.delay(0, Some(Duration::from_secs(600)), 1.0), MAX_DELAY);
    }

    #[test]
    fn retry_after_header_forms() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO), "a past date means now");
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..100 {
            let j = jitter();
            assert!((0.5..=1.0).contains(&j), "{j}");
        }
    }
}
