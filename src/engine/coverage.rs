//! What the verified exports of a group cover: the time windows on disk and the gaps between
//! them (a full export covers everything up to its export time).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::exports::{ExportRow, ExportState, Exports};
use super::{Engine, EngineError};
use crate::catalog::GroupId;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub group: GroupId,
    /// Windows of verified exports, merged where they touch or overlap; `start: None` is the
    /// beginning of the history.
    pub windows: Vec<Window>,
    /// Stretches between windows that no verified export holds.
    pub gaps: Vec<Window>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: Option<DateTime<Utc>>,
    pub end: DateTime<Utc>,
}

impl Engine {
    /// Coverage of every group with a verified export (or of `group` only), by group.
    pub fn coverage(&self, group: Option<&str>) -> Result<Vec<Coverage>, EngineError> {
        Ok(coverage(&self.inner.exports, group)?)
    }
}

/// [`Engine::coverage`] from the database alone, for readers beside a running engine.
pub fn coverage(exports: &Exports, group: Option<&str>) -> Result<Vec<Coverage>, StoreError> {
    let rows = exports.all()?;
    let mut groups: Vec<GroupId> = rows
        .iter()
        .filter(|r| r.state == ExportState::Verified)
        .map(|r| r.group.clone())
        .filter(|g| group.is_none_or(|wanted| g == wanted))
        .collect();
    groups.sort();
    groups.dedup();
    Ok(groups.into_iter().map(|g| coverage_of(&g, &rows)).collect())
}

fn coverage_of(group: &GroupId, rows: &[ExportRow]) -> Coverage {
    let mut windows: Vec<Window> = rows
        .iter()
        .filter(|r| &r.group == group && r.state == ExportState::Verified)
        .filter_map(|r| {
            r.export_time.map(|end| Window {
                start: r.start_time,
                end,
            })
        })
        .collect();
    // `None` (the beginning) sorts first.
    windows.sort_by_key(|w| (w.start, w.end));
    let mut merged: Vec<Window> = Vec::new();
    let mut gaps = Vec::new();
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start.is_none_or(|start| start <= last.end) => {
                last.end = last.end.max(window.end);
            }
            Some(last) => {
                gaps.push(Window {
                    start: Some(last.end),
                    end: window.start.expect("a window after the first has a start"),
                });
                merged.push(window);
            }
            None => {
                if let Some(start) = window.start {
                    gaps.push(Window {
                        start: None,
                        end: start,
                    });
                }
                merged.push(window);
            }
        }
    }
    Coverage {
        group: group.clone(),
        windows: merged,
        gaps,
    }
}
