//! A process-wide memo keyed by text: bank rubrics are compiled once, not on every answer.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub struct Memo<T>(OnceLock<Mutex<HashMap<String, Arc<T>>>>);

impl<T> Memo<T> {
    pub const fn new() -> Self {
        Memo(OnceLock::new())
    }

    pub fn get_or_insert_with(&self, key: &str, make: impl FnOnce() -> T) -> Arc<T> {
        let map = self.0.get_or_init(Default::default);
        if let Some(found) = map.lock().unwrap_or_else(|e| e.into_inner()).get(key) {
            return found.clone();
        }
        let made = Arc::new(make());
        map.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_string(), made.clone());
        made
    }
}
