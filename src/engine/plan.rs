//! What starting some groups would do, shown before anything is started: which a usable
//! sign-in covers, which need consent (exactly those scopes), which are blocked and until when.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::cadence::WINDOW;
use super::exports::{ExportState, ProblemCode};
use super::windows::WindowScope;
use super::{Engine, EngineError, chrono_duration, dedup};
use crate::auth::{Access, GrantId};
use crate::catalog::{self, GroupId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// A usable sign-in covers these: they start at once.
    pub ready: Vec<GroupId>,
    /// No usable sign-in covers these: consent for exactly these first.
    pub consent: Vec<GroupId>,
    pub blocked: Vec<Blocked>,
    /// When the last of the groups that wait for a window starts, as planned: sign-ins that
    /// share Google's window take turns, a day each.
    pub all_started_by: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub group: GroupId,
    pub code: BlockedCode,
    /// When the group may start again by itself (`Window`); `None` when a person must act.
    pub until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockedCode {
    /// One-time access was used: a reset and a new consent are needed.
    OneTimeUsed,
    /// Time-based access allows one export per 24 h.
    Window,
}

pub(super) fn plan(engine: &Engine, groups: &[GroupId]) -> Result<Plan, EngineError> {
    let inner = &engine.inner;
    let now = inner.clock.now();
    let rows = inner.exports.all()?;
    let mut plan = Plan {
        ready: Vec::new(),
        consent: Vec::new(),
        blocked: Vec::new(),
        all_started_by: None,
    };
    let asked = dedup(groups);
    // Sign-ins sharing the window: each one's turn.
    let queue = engine.queue(&asked, now)?;
    let turns: std::collections::HashMap<&GrantId, DateTime<Utc>> = queue.slots().collect();
    for group in asked {
        if catalog::find(&group).is_none() {
            return Err(EngineError::UnknownGroup(group.to_string()));
        }
        let blocked = |code, until| Blocked {
            group: group.clone(),
            code,
            until,
        };
        let Some(grant) = inner.auth.covering_grant(&group)? else {
            // A one-time grant past its first day can no longer start; if it exported the
            // group, a new consent alone would not help either.
            let old = inner.auth.usable_grant(&group)?;
            let used = old.is_some_and(|g| {
                rows.iter().any(|r| {
                    r.group == group && r.job_id.is_some() && r.grant_id.as_ref() == Some(&g.id)
                })
            });
            if used {
                plan.blocked.push(blocked(BlockedCode::OneTimeUsed, None));
            } else {
                plan.consent.push(group);
            }
            continue;
        };
        let of_grant = rows
            .iter()
            .filter(|r| r.grant_id.as_ref() == Some(&grant.id) && r.job_id.is_some());
        let verdict = match grant.resources.get(&group) {
            Some(Access::OneTime) => {
                let used = of_grant.clone().any(|r| r.group == group)
                    || rows.iter().any(|r| {
                        r.group == group
                            && r.state == ExportState::Blocked
                            && r.problem
                                .as_ref()
                                .is_some_and(|p| p.code == ProblemCode::OneTimeUsed)
                    });
                used.then(|| blocked(BlockedCode::OneTimeUsed, None))
            }
            _ => {
                let per_client = inner.windows.scope(&grant.id.0)? == WindowScope::PerClient;
                let last_start = of_grant
                    .filter(|r| per_client || r.group == group)
                    .filter(|r| r.state != ExportState::Cancelled)
                    .filter_map(|r| r.window_from.or(r.started_at))
                    .max();
                let waiting = rows
                    .iter()
                    .filter(|r| r.group == group && r.state == ExportState::WaitingWindow)
                    .filter_map(|r| r.window_until)
                    .max();
                let turn = turns.get(&grant.id).copied();
                let until = last_start
                    .map(|at| at + chrono_duration(WINDOW))
                    .into_iter()
                    .chain(waiting)
                    .chain(turn)
                    .max()
                    .filter(|until| *until > now);
                until.map(|until| blocked(BlockedCode::Window, Some(until)))
            }
        };
        match verdict {
            Some(blocked) => plan.blocked.push(blocked),
            None => plan.ready.push(group),
        }
    }
    plan.all_started_by = plan.blocked.iter().filter_map(|b| b.until).max();
    Ok(plan)
}
