//! Token counting with tiktoken: o200k_base unless the model name says otherwise.
use tiktoken_rs::tokenizer::{get_tokenizer, Tokenizer};
use tiktoken_rs::CoreBPE;

/// Tokens a chat message costs beyond its text (role and separators), as OpenAI documents for its models.
pub const PER_MESSAGE_OVERHEAD: usize = 4;

#[derive(Clone, Copy)]
pub struct TokenCounter {
    bpe: &'static CoreBPE,
}

impl TokenCounter {
    /// The tokenizer of `model` when tiktoken knows it, else o200k_base (close enough for budgeting).
    pub fn for_model(model: &str) -> TokenCounter {
        let tokenizer = get_tokenizer(model).unwrap_or(Tokenizer::O200kBase);
        TokenCounter {
            bpe: tiktoken_rs::bpe_for_tokenizer(tokenizer).unwrap_or_else(|_| tiktoken_rs::o200k_base_singleton()),
        }
    }

    pub fn count(&self, text: &str) -> usize {
        self.bpe.encode_ordinary(text).len()
    }

    /// `text` cut to at most `max` tokens, or None when it fits.
    pub fn truncate(&self, text: &str, max: usize) -> Option<String> {
        let tokens = self.bpe.encode_ordinary(text);
        if tokens.len() <= max {
            return None;
        }
        // A cut can split a multi-byte character; drop tokens until the prefix decodes.
        (0..4).filter_map(|back| max.checked_sub(back)).find_map(|n| self.bpe.decode(&tokens[..n]).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_truncates() {
        let counter = TokenCounter::for_model("some-local-model");
        let text = "The GIL lets one thread run Python bytecode at a time. ".repeat(20);
        let count = counter.count(&text);
        assert!(count > 100, "{count}");
        let cut = counter.truncate(&text, 50).expect("too long");
        assert!(counter.count(&cut) <= 50);
        assert!(text.starts_with(&cut));
        assert_eq!(counter.truncate("short", 50), None);
    }
}
