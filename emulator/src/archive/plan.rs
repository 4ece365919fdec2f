//! Which files a part holds: group data, the index, and the name of its media filler.

use super::ArchiveSpec;
use super::content::{self, TimeWindow};
use super::filler::Filler;
use super::index::{self, IndexedFile};
use super::rng::derive_seed;
use super::services::{self, FALLBACK_SHAPE, Shape};

pub(crate) const INDEX_NAME: &str = "Portability/archive_browser.json";

/// The contents of one part, before zip framing.
#[derive(Debug)]
pub(crate) struct PartPlan {
    /// `(entry name, bytes)` in archive order.
    pub files: Vec<(String, Vec<u8>)>,
    pub media_name: String,
    pub media: Filler,
}

/// The part (0-based) that holds the data of the job's `index`-th group.
fn holder(index: usize, parts: u32) -> u32 {
    if parts <= 1 {
        0
    } else {
        1 + (index as u64 % u64::from(parts - 1)) as u32
    }
}

struct Placement<'a> {
    group: &'a str,
    folder: String,
    path: String,
    shape: &'static Shape,
    part: u32,
}

pub(crate) fn plan(spec: &ArchiveSpec) -> PartPlan {
    let parts = spec.parts.max(1);
    let mut groups: Vec<&str> = Vec::new();
    for group in &spec.groups {
        // A repeated group would repeat entry names, which zip readers reject.
        if !groups.contains(&group.as_str()) {
            groups.push(group);
        }
    }
    let placements: Vec<Placement> = groups
        .iter()
        .enumerate()
        .map(|(i, group)| {
            let (folder, file, shape) = match services::find(group) {
                Some(s) => (s.folder.to_string(), s.file.to_string(), &s.shape),
                None => (group.to_string(), "data.json".to_string(), &FALLBACK_SHAPE),
            };
            let path = format!("Portability/{folder}/{file}");
            Placement {
                group,
                folder,
                path,
                shape,
                part: holder(i, parts),
            }
        })
        .collect();

    let window = TimeWindow::new(spec.export_time, spec.start_time);
    let generate = |p: &Placement| {
        let seed = derive_seed(
            spec.seed,
            &[
                spec.job_id.as_bytes(),
                p.group.as_bytes(),
                &p.part.to_le_bytes(),
            ],
        );
        content::generate(p.shape, seed, window)
    };

    let mut files = Vec::new();
    let mut indexed = Vec::new();
    for placement in &placements {
        // Part 0 generates every group's file, since its index reports their sizes and counts.
        if placement.part != spec.part && spec.part != 0 {
            continue;
        }
        let generated = generate(placement);
        indexed.push(IndexedFile {
            group: placement.group.to_string(),
            folder: placement.folder.clone(),
            path: placement.path.clone(),
            part: placement.part,
            size: generated.bytes.len() as u64,
            records: generated.records,
        });
        if placement.part == spec.part {
            files.push((placement.path.clone(), generated.bytes));
        }
    }
    if spec.part == 0 {
        files.push((
            INDEX_NAME.to_string(),
            index::archive_browser(spec.export_time, parts, &indexed),
        ));
    }

    let media_folder = placements
        .iter()
        .rev()
        .find(|p| p.part == spec.part)
        .or(placements.first())
        .map_or_else(
            || "Portability/Media".to_string(),
            |p| format!("Portability/{}/media", p.folder),
        );
    let media_name = format!(
        "{media_folder}/VID_{}_{:03}.mp4",
        spec.export_time.format("%Y%m%d_%H%M%S"),
        spec.part
    );
    let media = Filler::new(derive_seed(
        spec.seed,
        &[spec.job_id.as_bytes(), b"media", &spec.part.to_le_bytes()],
    ));
    PartPlan {
        files,
        media_name,
        media,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_spread_over_the_data_parts() {
        assert_eq!(
            (0..4).map(|i| holder(i, 1)).collect::<Vec<_>>(),
            [0, 0, 0, 0]
        );
        assert_eq!(
            (0..4).map(|i| holder(i, 2)).collect::<Vec<_>>(),
            [1, 1, 1, 1]
        );
        assert_eq!(
            (0..4).map(|i| holder(i, 3)).collect::<Vec<_>>(),
            [1, 2, 1, 2]
        );
    }
}
