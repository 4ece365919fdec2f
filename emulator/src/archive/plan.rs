//! Which files a part holds: group data, the index, and the name of its media filler.

use super::ArchiveSpec;
use super::content::{self, TimeWindow};
use super::filler::Filler;
use super::index::{self, IndexedFile};
use super::rng::derive_seed;
use super::services::{self, FALLBACK_SHAPE, MY_ACTIVITY, Shape};

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

/// One file of a group: its entry name and record shape.
struct GroupFile {
    path: String,
    shape: &'static Shape,
}

struct Placement<'a> {
    group: &'a str,
    folder: String,
    /// The group's main file first.
    files: Vec<GroupFile>,
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
            let (folder, files) = match services::find(group) {
                Some(s) => {
                    let file = |name: &str, shape| GroupFile {
                        path: format!("Portability/{}/{name}", s.folder),
                        shape,
                    };
                    let mut files = vec![file(s.file, &s.shape)];
                    files.extend(s.extra.iter().map(|(name, shape)| file(name, shape)));
                    (s.folder.to_string(), files)
                }
                None => (
                    group.to_string(),
                    vec![GroupFile {
                        path: format!("Portability/{group}/data.json"),
                        shape: &FALLBACK_SHAPE,
                    }],
                ),
            };
            Placement {
                group,
                folder,
                files,
                part: holder(i, parts),
            }
        })
        .collect();

    let history = &spec.history;
    let window = TimeWindow::new(spec.export_time, spec.start_time.unwrap_or(history.since));
    let generate = |p: &Placement, index: usize| {
        let file = &p.files[index];
        // One history per account and file, whichever job or part shows it.
        let keys: [&[u8]; 3] = [
            history.user.as_bytes(),
            p.group.as_bytes(),
            file.path.as_bytes(),
        ];
        let window = window.from(history.deleted_until.get(p.group).copied());
        content::generate(file.shape, derive_seed(spec.seed, &keys), window)
    };

    let mut files = Vec::new();
    let mut indexed = Vec::new();
    for placement in &placements {
        // Part 0 generates every group's files, since its index reports their sizes and counts.
        if placement.part != spec.part && spec.part != 0 {
            continue;
        }
        for (index, file) in placement.files.iter().enumerate() {
            let generated = generate(placement, index);
            indexed.push(IndexedFile {
                group: placement.group.to_string(),
                folder: placement.folder.clone(),
                path: file.path.clone(),
                part: placement.part,
                size: generated.bytes.len() as u64,
                records: generated.records,
            });
            if placement.part == spec.part {
                files.push((file.path.clone(), generated.bytes));
            }
        }
    }
    if spec.part == 0 {
        files.push((
            INDEX_NAME.to_string(),
            index::archive_browser(spec.export_time, parts, &indexed),
        ));
    }

    let media_name = format!(
        "{}/VID_{}_{:03}.mp4",
        media_folder(&placements, spec.part),
        spec.history.since.format("%Y%m%d_%H%M%S"),
        spec.part
    );
    let media = Filler::new(media_key(spec, &placements));
    PartPlan {
        files,
        media_name,
        media,
    }
}

/// The key of a part's media bytes: the account's, of the part's groups (for a part without
/// groups, of its place in the job). Not the job's: a person's videos and photos are the same
/// bytes in every export, and a longer export of them begins with the shorter one's, so
/// successive exports of a group differ only in their records and in media added since.
fn media_key(spec: &ArchiveSpec, placements: &[Placement]) -> u64 {
    let mut groups: Vec<&[u8]> = placements
        .iter()
        .filter(|p| p.part == spec.part)
        .map(|p| p.group.as_bytes())
        .collect();
    let place = spec.part.to_le_bytes();
    if groups.is_empty() {
        groups.push(&place);
    }
    let mut labels: Vec<&[u8]> = vec![spec.history.user.as_bytes(), b"media"];
    labels.extend(groups);
    derive_seed(spec.seed, &labels)
}

/// Where a part's media filler goes: the `media` folder of the part's last group, or for a part
/// without groups of the job's first. Never under `My Activity/`, where every file is a JSON
/// activity list (Google's own sample parses each one as such): a part whose groups are all My
/// Activity ones puts it in `Portability/Media/`.
fn media_folder(placements: &[Placement], part: u32) -> String {
    let in_part: Vec<&Placement> = placements.iter().filter(|p| p.part == part).collect();
    let candidates = if in_part.is_empty() {
        placements.iter().take(1).collect()
    } else {
        in_part
    };
    candidates
        .iter()
        .rev()
        .find(|p| p.folder != MY_ACTIVITY)
        .map_or_else(
            || "Portability/Media".to_string(),
            |p| format!("Portability/{}/media", p.folder),
        )
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
