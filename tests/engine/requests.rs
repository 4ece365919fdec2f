//! What a person asks of the engine, kept within Google's rules: schedules of sensible length,
//! "check now" no oftener than Google advises, and a retry that never doubles a group's export.

use std::time::Duration;

use carryout::engine::{EngineError, ExportState, RunUntil};
use carryout_emulator::AccessChoice;

use crate::support::{export, latest, request, world};

#[tokio::test]
async fn a_schedule_repeats_every_1_to_365_days() {
    let world = world(AccessChoice::Days30).await;
    let engine = world.engine().unwrap();
    let group = ["myactivity.search".into()];
    for every in [0, 366, u32::MAX] {
        let refused = engine.add_schedule(&group, every);
        assert!(
            matches!(refused, Err(EngineError::BadSchedule)),
            "{every}: {refused:?}"
        );
    }
    let yearly = engine.add_schedule(&group, 365).unwrap();
    assert_eq!(yearly.every_days, 365);
}

#[tokio::test]
async fn check_now_is_honoured_no_oftener_than_every_five_minutes() {
    let world = world(AccessChoice::OneTime).await;
    let group = ["maps.reviews"];
    world.sign_in(&group).await;
    world
        .control()
        .set_job_duration(None, Duration::from_secs(6 * 3600));
    let engine = world.engine().unwrap();
    engine.start_exports(&request(&group)).unwrap();
    engine.run(RunUntil::OnePass).await.unwrap();
    world.clock.0.advance(Duration::from_secs(5 * 60));
    engine.run(RunUntil::OnePass).await.unwrap();
    let row = latest(&engine, &group).remove(0);
    let checked = row.checked_at.expect("checked once");
    let asked = engine.check_now(row.id).unwrap();
    let next = asked.next_check_at.unwrap();
    assert!(
        next - checked >= chrono::Duration::minutes(5),
        "checked at {checked}, next at {next}"
    );
}

#[tokio::test]
async fn retrying_a_failed_export_whose_group_is_under_way_again_adds_nothing() {
    let world = world(AccessChoice::OneTime).await;
    let group = ["youtube.comments"];
    world.sign_in(&group).await;
    // Google fails the job and every retry: the export fails for good.
    world.control().fail_next_jobs(group[0], 4);
    let engine = world.engine().unwrap();
    let failed = export(&engine, &group).await.remove(0);
    assert_eq!(failed.state, ExportState::Failed, "{failed:?}");
    let again = engine.start_exports(&request(&group)).unwrap().remove(0);
    let rows_before = engine.exports().unwrap().len();
    let retried = engine.retry(failed.id).unwrap();
    assert_eq!(retried.id, again.id);
    assert_eq!(engine.exports().unwrap().len(), rows_before);
}
