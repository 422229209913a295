//! Eight bytes read as one 64-bit word, a lane a byte: the tests that
//! escaping, word counting and the search index run over long texts.

/// 0x01 in every lane.
pub const LO: u64 = 0x0101_0101_0101_0101;
/// The high bit of every lane.
pub const HI: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at the start of `bytes`, if there are eight.
pub fn word_at(bytes: &[u8]) -> Option<u64> {
    bytes.first_chunk::<8>().map(|w| u64::from_le_bytes(*w))
}

/// The high bit of each lane of `word` that is below `n` (at most 0x80).
/// Exact for the lowest such lane; a lane above it may be flagged too, by
/// the borrow, so test the result against zero or take its lowest bit.
pub fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(LO * u64::from(n)) & !word & HI
}

/// The high bit of each lane of `word` that equals `c`, exact as
/// [`below`] is.
pub fn equal(word: u64, c: u8) -> u64 {
    below(word ^ (LO * u64::from(c)), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_flagged_lane_is_the_first_match() {
        for at in 0..8 {
            for c in [0u8, b'"', b'<', b'&', 0x7f, 0x80, 0xff] {
                let mut lanes = [b'a'; 8];
                lanes[at] = c;
                let word = u64::from_le_bytes(lanes);
                let first = (equal(word, c).trailing_zeros() / 8) as usize;
                assert_eq!(first, at, "{c:#x} at {at}");
                assert_eq!(equal(word, b'b'), 0);
            }
            let mut lanes = [b'a'; 8];
            lanes[at] = 0x1f;
            let word = u64::from_le_bytes(lanes);
            assert_eq!((below(word, 0x20).trailing_zeros() / 8) as usize, at);
            assert_eq!(below(u64::from_le_bytes([b'a'; 8]), 0x20), 0);
        }
    }
}
