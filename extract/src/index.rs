//! Per-token tables of optional indices (the lexicon match, the mention covering a
//! token), in four bytes a token.

use std::ops::Range;

/// For each token, an optional index into a list of the document: a lexicon match, a
/// mention. Every document gets several such tables, one slot per token, made zero and
/// then read at random: in four bytes a slot (`index + 1`, zero for none) instead of an
/// `Option<usize>`'s sixteen, they take a quarter of the memory to clear and to cache.
/// A list too long for four bytes (some four billion entries) keeps the wide form.
#[derive(Debug, Clone)]
pub enum IndexTable {
    Narrow(Vec<u32>),
    Wide(Vec<Option<usize>>),
}

impl Default for IndexTable {
    fn default() -> Self {
        IndexTable::Narrow(Vec::new())
    }
}

impl IndexTable {
    /// `len` empty slots, for indices below `bound`.
    pub fn new(len: usize, bound: usize) -> IndexTable {
        if u32::try_from(bound).is_ok_and(|bound| bound < u32::MAX) {
            IndexTable::Narrow(vec![0; len])
        } else {
            IndexTable::Wide(vec![None; len])
        }
    }

    /// The index in slot `i` (none past the end).
    #[inline]
    pub fn get(&self, i: usize) -> Option<usize> {
        match self {
            IndexTable::Narrow(slots) => slots
                .get(i)
                .and_then(|&slot| (slot as usize).checked_sub(1)),
            IndexTable::Wide(slots) => slots.get(i).copied().flatten(),
        }
    }

    /// Puts `index` in slot `i`, or only when the slot is empty (nothing past the end, nor
    /// an index at or past the table's bound).
    fn put(&mut self, i: usize, index: usize, replace: bool) {
        match self {
            IndexTable::Narrow(slots) => {
                if let (Some(slot), Ok(value)) = (slots.get_mut(i), u32::try_from(index + 1))
                    && (replace || *slot == 0)
                {
                    *slot = value;
                }
            }
            IndexTable::Wide(slots) => {
                if let Some(slot) = slots.get_mut(i)
                    && (replace || slot.is_none())
                {
                    *slot = Some(index);
                }
            }
        }
    }

    /// Puts `index` in every slot of `range` (those inside the table).
    pub fn set_range(&mut self, range: Range<usize>, index: usize) {
        for i in range {
            self.put(i, index, true);
        }
    }

    /// Puts `index` in slot `i` unless it holds one already.
    pub fn set_if_empty(&mut self, i: usize, index: usize) {
        self.put(i, index, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_and_wide_tables_agree() {
        for mut table in [IndexTable::new(6, 10), IndexTable::Wide(vec![None; 6])] {
            table.set_range(1..3, 0);
            table.set_range(4..9, 7);
            table.set_if_empty(2, 5);
            table.set_if_empty(3, 5);
            let slots: Vec<Option<usize>> = (0..8).map(|i| table.get(i)).collect();
            assert_eq!(
                slots,
                [
                    None,
                    Some(0),
                    Some(0),
                    Some(5),
                    Some(7),
                    Some(7),
                    None,
                    None
                ]
            );
        }
        assert!(matches!(
            IndexTable::new(1, usize::MAX),
            IndexTable::Wide(_)
        ));
        assert!(matches!(
            IndexTable::new(1, u32::MAX as usize),
            IndexTable::Wide(_)
        ));
        assert!(matches!(
            IndexTable::new(1, u32::MAX as usize - 1),
            IndexTable::Narrow(_)
        ));
    }
}
