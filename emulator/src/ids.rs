//! Seeded generation of job ids, codes and tokens that look like Google's.

/// splitmix64: tiny, seedable, and good enough for identifiers that only need to be unique and
/// unguessable by accident (nothing here protects real secrets).
#[derive(Debug, Clone)]
pub struct IdSource {
    state: u64,
}

const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl IdSource {
    pub fn new(seed: u64) -> IdSource {
        IdSource {
            state: seed ^ 0x05ee_d0fc_a770_u64,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        out
    }

    /// `len` characters of the URL-safe alphabet Google's tokens use.
    pub fn token_chars(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(TOKEN_ALPHABET[(self.next_u64() % 64) as usize]))
            .collect()
    }

    pub fn job_id(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.bytes::<16>())
            .into_uuid()
            .to_string()
    }

    /// `4/0A…`, the shape of Google's authorization codes.
    pub fn authorization_code(&mut self) -> String {
        format!("4/0A{}", self.token_chars(69))
    }

    /// `ya29.a0…`, the shape of Google's access tokens.
    pub fn access_token(&mut self) -> String {
        format!("ya29.a0{}", self.token_chars(211))
    }

    /// `1//0…`, the shape of Google's refresh tokens.
    pub fn refresh_token(&mut self) -> String {
        format!("1//0{}", self.token_chars(99))
    }

    pub fn consent_id(&mut self) -> String {
        self.token_chars(32)
    }
}
