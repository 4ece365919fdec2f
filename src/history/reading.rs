//! A file of a snapshot read in place, as `Read + Seek`: the zip crate finds an archive's
//! entries at its end and inflates only those it is asked for, so reading an export kept in
//! the history needs no copy of it on disk. Blobs are decrypted (and so authenticated) as they
//! are read, through the repository's blob cache.

use std::io::{Read, Seek, SeekFrom};

use rustic_core::repofile::Node;
use rustic_core::vfs::OpenFile;
use rustic_core::{IndexedFullStatus, Repository};

pub(super) struct FileInSnapshot<'a> {
    repo: &'a Repository<IndexedFullStatus>,
    file: OpenFile,
    len: u64,
    at: u64,
}

impl<'a> FileInSnapshot<'a> {
    pub(super) fn open(
        repo: &'a Repository<IndexedFullStatus>,
        node: &Node,
    ) -> Result<Self, Box<rustic_core::RusticError>> {
        Ok(Self {
            repo,
            file: repo.open_file(node)?,
            len: node.meta.size,
            at: 0,
        })
    }
}

impl Read for FileInSnapshot<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.at);
        let want = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        if want == 0 {
            return Ok(0);
        }
        let at = usize::try_from(self.at).map_err(std::io::Error::other)?;
        let bytes = self
            .repo
            .read_file_at(&self.file, at, want)
            .map_err(|e| std::io::Error::other(e.display_log()))?;
        buf[..bytes.len()].copy_from_slice(&bytes);
        self.at += bytes.len() as u64;
        Ok(bytes.len())
    }
}

impl Seek for FileInSnapshot<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let at = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(back) => self.len.checked_add_signed(back),
            SeekFrom::Current(by) => self.at.checked_add_signed(by),
        };
        let at = at.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start")
        })?;
        self.at = at;
        Ok(at)
    }
}
