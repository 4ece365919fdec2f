//! Deterministic pseudo-random numbers (splitmix64) and stable seed derivation.
//!
//! Everything in an archive derives from these, never from `std`'s hashers or thread RNGs, so
//! the same spec gives the same bytes on every run, platform and toolchain.

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The splitmix64 finaliser: a bijective, well-avalanching 64-bit mix.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A seed for one purpose, from the job seed and labelling byte strings. Each label's length is
/// mixed in so `["ab", "c"]` and `["a", "bc"]` differ.
pub(crate) fn derive_seed(seed: u64, labels: &[&[u8]]) -> u64 {
    let mut h = mix64(seed ^ GOLDEN);
    for label in labels {
        for &b in *label {
            h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
        h = mix64(h ^ label.len() as u64);
    }
    h
}

/// A splitmix64 generator.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state)
    }

    /// Uniform in `0..n` (multiply-shift; the tiny bias is irrelevant here). `n` must be > 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.abs_diff(lo) + 1;
        lo.wrapping_add(self.below(span) as i64)
    }

    pub(crate) fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.below(denominator) < numerator
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// `len` characters from `alphabet`.
    pub(crate) fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(self.pick(alphabet))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derive_seed_separates_labels() {
        assert_ne!(
            derive_seed(1, &[b"ab", b"c"]),
            derive_seed(1, &[b"a", b"bc"])
        );
        assert_ne!(derive_seed(1, &[b"a"]), derive_seed(2, &[b"a"]));
        assert_eq!(derive_seed(7, &[b"x", b"y"]), derive_seed(7, &[b"x", b"y"]));
    }

    #[test]
    fn range_stays_inside() {
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let v = rng.range(-5, 5);
            assert!((-5..=5).contains(&v));
        }
        assert_eq!(rng.range(4, 4), 4);
    }
}
