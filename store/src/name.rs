//! Matching keys of names: the folded name, its words, and its word set.

use entente_model::fold;

/// The keys of one name, as merging compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameKey {
    /// `fold(name)`: "recep tayyip erdogan".
    pub key: String,
    /// The folded words in order.
    pub words: Vec<String>,
    /// The folded words sorted, deduplicated and space-joined: "erdogan recep tayyip".
    pub word_set: String,
}

impl NameKey {
    /// The keys of `name`, or `None` when nothing of it survives folding.
    pub fn new(name: &str) -> Option<NameKey> {
        let key = fold(name);
        if key.is_empty() {
            return None;
        }
        let words: Vec<String> = key.split(' ').map(str::to_owned).collect();
        let mut set: Vec<&str> = words.iter().map(String::as_str).collect();
        set.sort_unstable();
        set.dedup();
        let word_set = set.join(" ");
        Some(NameKey {
            key,
            words,
            word_set,
        })
    }

    pub fn first_word(&self) -> &str {
        self.words.first().map_or("", String::as_str)
    }

    pub fn last_word(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    pub fn n_words(&self) -> usize {
        self.words.len()
    }
}

/// Whether every word of the word set `small` is in the word set `large` (both as
/// [`NameKey::word_set`] spells them).
pub(crate) fn word_subset(small: &str, large: &str) -> bool {
    let large: Vec<&str> = large.split(' ').collect();
    small.split(' ').all(|word| large.contains(&word))
}

/// States whose press writes personal names family name first ("Wang Yi" is Mr Wang),
/// so a lone family name matches the first word of a stored name.
pub(crate) const FAMILY_NAME_FIRST: &[&str] = &["CHN", "HKG", "KOR", "MAC", "PRK", "TWN"];

pub(crate) fn family_name_first(country: Option<&str>) -> bool {
    country.is_some_and(|code| FAMILY_NAME_FIRST.contains(&code))
}

/// Whether two optional facts (states, organisations) allow one thing: equal, or either
/// unknown.
pub(crate) fn compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(name: &str, key: &str, word_set: &str) {
        let keys = NameKey::new(name).unwrap();
        assert_eq!(keys.key, key);
        assert_eq!(keys.word_set, word_set);
    }

    #[test]
    fn keys_fold_and_sort_words() {
        check(
            "Recep Tayyip Erdoğan",
            "recep tayyip erdogan",
            "erdogan recep tayyip",
        );
        check(
            "Tayyip Recep Erdogan",
            "tayyip recep erdogan",
            "erdogan recep tayyip",
        );
        check("Wang Yi", "wang yi", "wang yi");
        check("Erdogan", "erdogan", "erdogan");
        assert_eq!(NameKey::new(" -- "), None);
    }

    #[test]
    fn subsets_and_countries() {
        assert!(word_subset("erdogan", "erdogan recep tayyip"));
        assert!(word_subset("erdogan tayyip", "erdogan recep tayyip"));
        assert!(!word_subset("wang wenbin", "wang yi"));
        assert!(compatible(Some("TUR"), None));
        assert!(!compatible(Some("TUR"), Some("CHN")));
        assert!(family_name_first(Some("CHN")));
        assert!(!family_name_first(None));
    }
}
