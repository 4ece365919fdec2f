//! Pseudo-random bulk bytes addressed by offset, standing in for media files.
//!
//! Byte `o` of a filler is byte `o % 8` (little-endian) of `word(o / 8)`, and each word is a pure
//! function of its index, so any range can be produced without generating its prefix. One
//! 64×64→128-bit multiply per word keeps generation around 7 GB/s on one core, and the output
//! does not compress (xz gains nothing on it).

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
const MULTIPLIER: u128 = 0xe703_7ed1_a0b4_28db;

/// Generator of one filler region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Filler {
    key: u64,
}

impl Filler {
    pub(crate) fn new(key: u64) -> Filler {
        Filler { key }
    }

    #[inline(always)]
    fn word(&self, index: u64) -> u64 {
        let product = u128::from(index.wrapping_mul(GOLDEN) ^ self.key) * MULTIPLIER;
        (product as u64) ^ ((product >> 64) as u64)
    }

    /// Fills `buf` with the filler bytes starting at `offset`.
    pub(crate) fn fill(&self, offset: u64, buf: &mut [u8]) {
        let mut index = offset / 8;
        let skip = (offset % 8) as usize;
        let mut rest = buf;
        if skip != 0 {
            let head = (8 - skip).min(rest.len());
            rest[..head].copy_from_slice(&self.word(index).to_le_bytes()[skip..skip + head]);
            rest = &mut rest[head..];
            index += 1;
        }
        let mut words = rest.chunks_exact_mut(8);
        for chunk in &mut words {
            chunk.copy_from_slice(&self.word(index).to_le_bytes());
            index += 1;
        }
        let tail = words.into_remainder();
        if !tail.is_empty() {
            let n = tail.len();
            tail.copy_from_slice(&self.word(index).to_le_bytes()[..n]);
        }
    }

    /// CRC-32 (zip's) of the first `len` bytes. Generates them all: ~0.15 s per GiB.
    pub(crate) fn crc32(&self, len: u64) -> u32 {
        let mut hasher = crc32fast::Hasher::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut offset = 0;
        while offset < len {
            let n = (len - offset).min(buf.len() as u64) as usize;
            self.fill(offset, &mut buf[..n]);
            hasher.update(&buf[..n]);
            offset += n as u64;
        }
        hasher.finalize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_offset_matches_the_whole() {
        let filler = Filler::new(42);
        let mut whole = vec![0u8; 1000];
        filler.fill(0, &mut whole);
        for start in [0usize, 1, 7, 8, 9, 13, 500, 993, 999] {
            for len in [0usize, 1, 3, 8, 15, 64] {
                let end = (start + len).min(whole.len());
                let mut part = vec![0u8; end - start];
                filler.fill(start as u64, &mut part);
                assert_eq!(part, whole[start..end], "start {start} len {len}");
            }
        }
    }

    #[test]
    fn crc_matches_generated_bytes() {
        let filler = Filler::new(9);
        let len = (1 << 20) + 12_345;
        let mut bytes = vec![0u8; len];
        filler.fill(0, &mut bytes);
        assert_eq!(filler.crc32(len as u64), crc32fast::hash(&bytes));
    }

    #[test]
    fn keys_give_different_bytes() {
        let (mut a, mut b) = ([0u8; 64], [0u8; 64]);
        Filler::new(1).fill(0, &mut a);
        Filler::new(2).fill(0, &mut b);
        assert_ne!(a, b);
    }
}
