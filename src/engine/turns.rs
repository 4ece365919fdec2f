//! Sign-ins taking turns at a shared 24 h window. Where Google counts the window per client
//! and account, one job a day is all the sign-ins of that client get together, and a job
//! needs one token carrying every scope it exports: each day one sign-in's groups go. The
//! sign-in whose last turn is longest ago goes first, so every group is exported within as
//! many days as there are sign-ins, and each waiting group is promised its day up front.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::cadence::{WINDOW, turn_after_window};
use super::exports::{ExportRow, ExportState, ProblemCode};
use super::initiate::Outcome;
use super::settle::problem;
use super::windows::WindowScope;
use super::{Engine, EngineError, chrono_duration};
use crate::auth::{Access, GrantId};
use crate::catalog::GroupId;

/// The sign-ins waiting for the shared window, in turn order, with the rows of each.
pub(super) struct Queue {
    pub turns: Vec<(GrantId, Vec<ExportRow>)>,
    /// When the shared window opens: `now` when no job of ours holds it.
    pub opens: DateTime<Utc>,
}

impl Queue {
    /// When each sign-in's turn comes, if every turn before it takes the window.
    pub fn slots(&self) -> impl Iterator<Item = (&GrantId, DateTime<Utc>)> {
        let mut slot = self.opens;
        self.turns.iter().map(move |(grant, _)| {
            let this = slot;
            slot = after_turn(slot);
            (grant, this)
        })
    }
}

/// The next turn after one that took the window at `at`.
fn after_turn(at: DateTime<Utc>) -> DateTime<Utc> {
    turn_after_window(at + chrono_duration(WINDOW))
}

impl Engine {
    /// Whether `grant` shares one window with the other sign-ins of this client.
    pub(super) fn shares_window(&self, grant: &GrantId) -> Result<bool, EngineError> {
        Ok(self.inner.windows.scope(&grant.0)? == WindowScope::PerClient)
    }

    /// Every time-based sign-in known to share the window with rows starting or waiting for
    /// it (plus `extra` groups not yet asked for), the one whose last turn is longest ago
    /// first, as of `now`.
    pub(super) fn queue(
        &self,
        extra: &[GroupId],
        now: DateTime<Utc>,
    ) -> Result<Queue, EngineError> {
        let rows = self.inner.exports.all()?;
        // When each sign-in last took its turn: the one that took it longest ago goes first.
        let mut last_turn: HashMap<&GrantId, DateTime<Utc>> = HashMap::new();
        let mut holder: Option<DateTime<Utc>> = None;
        for row in &rows {
            let anchor = row.window_from.or(row.started_at);
            let Some(started) = anchor.filter(|_| row.job_id.is_some()) else {
                continue;
            };
            if row.state == ExportState::Cancelled {
                continue;
            }
            if let Some(grant) = &row.grant_id {
                let last = last_turn.entry(grant).or_insert(started);
                *last = (*last).max(started);
            }
            // Google's window is the client's, whichever sign-in started the job holding it.
            // A young job of a sign-in known to share it is folded (cancelled, its groups
            // started again with the rest of its sign-in's) at that sign-in's turn: it holds
            // no turn.
            let shared = match &row.grant_id {
                Some(grant) => self.shares_window(grant)?,
                None => false,
            };
            let foldable = shared
                && row.state == ExportState::InProgress
                && now - started < chrono_duration(super::initiate::FOLD_YOUNGER_THAN);
            if row.access == Some(Access::TimeBased) && !foldable {
                holder = holder.max(Some(started));
            }
        }
        let waiting = rows
            .iter()
            .filter(|r| matches!(r.state, ExportState::Starting | ExportState::WaitingWindow))
            .map(|r| (r.group.clone(), Some(r.clone())));
        let asked = extra
            .iter()
            .filter(|g| !rows.iter().any(|r| &r.group == *g && r.state.is_active()))
            .map(|g| (g.clone(), None));
        let mut by_grant: BTreeMap<GrantId, (Option<DateTime<Utc>>, Vec<ExportRow>)> =
            BTreeMap::new();
        for (group, row) in waiting.chain(asked) {
            let Some(grant) = self.inner.auth.covering_grant(&group)? else {
                continue;
            };
            if grant.resources.get(&group) != Some(&Access::TimeBased)
                || !self.shares_window(&grant.id)?
            {
                continue;
            }
            // Never (`None`) has waited longest.
            let since = last_turn.get(&grant.id).copied();
            by_grant
                .entry(grant.id)
                .or_insert((since, Vec::new()))
                .1
                .extend(row);
        }
        let mut turns = Vec::new();
        for (grant, (since, rows)) in by_grant {
            // A sign-in with a young job to fold holds today's turn: its job is cancelled for
            // one carrying all its due groups, rather than left to block the rest.
            let nothing_to_fold = !self.has_young_jobs(&grant, now)?;
            turns.push(((nothing_to_fold, since), grant, rows));
        }
        turns.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let opens = holder.map(after_turn).filter(|at| *at > now).unwrap_or(now);
        Ok(Queue {
            turns: turns
                .into_iter()
                .map(|(_, grant, rows)| (grant, rows))
                .collect(),
            opens,
        })
    }

    /// The sign-ins that share the window take turns: the first whose turn has come starts one
    /// job for all its due groups; every later one is promised its day.
    pub(super) async fn take_turns(&self) -> Result<(), EngineError> {
        let now = self.inner.clock.now();
        // One reading of the clock for the whole decision: a turn due now is not seen as
        // due a moment later.
        let queue = self.queue(&[], now)?;
        let turns = queue.turns.len();
        let mut slot = queue.opens;
        for (position, (grant, rows)) in queue.turns.into_iter().enumerate() {
            if rows.is_empty() {
                continue;
            }
            if slot > now {
                self.promise(rows, slot, position + 1, turns)?;
                slot = after_turn(slot);
                continue;
            }
            // Its young jobs are cancelled and their groups go again in this one job.
            self.fold_young_jobs(&grant).await?;
            let mut due = Vec::new();
            for mut row in self.inner.exports.active()? {
                if !matches!(
                    row.state,
                    ExportState::Starting | ExportState::WaitingWindow
                ) {
                    continue;
                }
                let covering = self.inner.auth.covering_grant(&row.group)?;
                if covering.is_some_and(|g| g.id == grant) {
                    row.state = ExportState::Starting;
                    due.push(row);
                }
            }
            if due.is_empty() {
                continue;
            }
            match self.initiate(due).await? {
                Outcome::Started => slot = after_turn(now),
                Outcome::Waiting(until) => slot = after_turn(until),
                // It keeps its turn and tries again shortly: handing the turn on would let
                // one failed request cost it a whole rotation.
                Outcome::Retrying => slot = after_turn(now),
                // Nothing took the window (consent needed): the next sign-in may have it now.
                Outcome::Settled | Outcome::LearnedPerClient => {}
            }
        }
        Ok(())
    }

    /// Rows of a sign-in whose turn is at `slot` wait for it; a row promised another time
    /// says why it moved.
    fn promise(
        &self,
        rows: Vec<ExportRow>,
        slot: DateTime<Utc>,
        turn: usize,
        turns: usize,
    ) -> Result<(), EngineError> {
        for mut row in rows {
            let fresh = self.export(row.id)?;
            if !matches!(
                fresh.state,
                ExportState::Starting | ExportState::WaitingWindow
            ) || fresh.window_until == Some(slot)
            {
                continue;
            }
            let moved = fresh
                .window_until
                .filter(|before| *before != slot && fresh.state == ExportState::WaitingWindow);
            row = fresh;
            let mut message = format!(
                "Google allows one time-based export a day for all your groups together, and \
                 your {turns} sign-ins take turns, a day each, the one waiting longest first: \
                 this one is turn {turn} and starts by itself after {}",
                slot.to_rfc3339()
            );
            // A promise kept is plain `Window`; a moved one says which way, so that hosts
            // can say why in their own words.
            let mut code = ProblemCode::Window;
            if let Some(before) = moved {
                let (why, way) = if slot > before {
                    (
                        "the window was taken for longer than foreseen, or a sign-in whose \
                         groups waited longer goes first",
                        ProblemCode::WindowLater,
                    )
                } else {
                    (
                        "an earlier turn needed no export",
                        ProblemCode::WindowSooner,
                    )
                };
                message.push_str(&format!(" (moved from {}: {why})", before.to_rfc3339()));
                code = way;
            }
            row.state = ExportState::WaitingWindow;
            row.window_until = Some(slot);
            row.next_check_at = Some(slot);
            row.problem = Some(problem(code, &message));
            self.save(&row)?;
        }
        Ok(())
    }
}
