//! Crashes and lost answers: no group ever gets a second job, and every export resumes.

use carryout::engine::{ExportRequest, ExportState, RunUntil};
use carryout_emulator::{AccessChoice, Fault, Route};

use crate::support::{export, latest, world};
use carryout::catalog::GroupId;

#[tokio::test]
async fn a_lost_initiate_answer_is_adopted_not_repeated() {
    for access in [AccessChoice::OneTime, AccessChoice::Days30] {
        let world = world(access).await;
        world.sign_in(&["myactivity.search"]).await;
        // The job is created at Google, but the answer never arrives.
        world
            .control()
            .inject_fault(Route::Initiate, Fault::StatusAfterEffect(502), 1);
        let engine = world.engine().unwrap();
        let rows = export(&engine, &["myactivity.search"]).await;
        assert_eq!(rows[0].state, ExportState::Verified, "{access:?}: {rows:?}");
        let stats = world.control().stats();
        assert_eq!(stats.jobs_created, 1, "{access:?}");
        assert_eq!(stats.initiate_requests, 2, "{access:?}");
    }
}

#[tokio::test]
async fn an_engine_stopped_mid_export_resumes_in_the_next_process() {
    let world = world(AccessChoice::OneTime).await;
    world
        .sign_in(&["youtube.public_playlists", "maps.reviews"])
        .await;
    let groups = ["youtube.public_playlists", "maps.reviews"];
    {
        let engine = world.engine().unwrap();
        engine
            .start_exports(&ExportRequest {
                groups: groups.iter().map(|g| GroupId::from(*g)).collect(),
                ..ExportRequest::default()
            })
            .unwrap();
        let mut events = engine.subscribe();
        let run = engine.clone();
        let task = tokio::spawn(async move { run.run(RunUntil::Stopped).await });
        while latest(&engine, &groups)
            .iter()
            .any(|r| r.state != ExportState::InProgress)
        {
            let _ = events.recv().await;
        }
        task.abort();
        let _ = task.await;
    }
    // A new process: a new engine on the same data dir.
    let engine = world.engine().unwrap();
    engine.run(RunUntil::Idle).await.unwrap();
    for row in latest(&engine, &groups) {
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
    }
    assert_eq!(world.control().stats().jobs_created, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_stopped_past_its_checkpoint_resumes_there_in_the_next_process() {
    use carryout::engine::EngineEvent;
    // Past the downloader's 64 MiB durability checkpoint.
    const SIZE: u64 = 96 << 20;
    for failed_first in [false, true] {
        let world = world(AccessChoice::OneTime).await;
        world.sign_in(&["myactivity.search"]).await;
        world
            .control()
            .set_archive_size(Some("myactivity.search"), SIZE);
        let engine = world.engine().unwrap();
        if failed_first {
            // Every attempt arrives corrupted: the export fails, then is retried.
            world
                .control()
                .inject_fault(Route::Storage, Fault::CorruptByte(4096), 3);
            let row = export(&engine, &["myactivity.search"]).await.remove(0);
            assert_eq!(row.state, ExportState::Failed, "{row:?}");
            engine.retry(row.id).unwrap();
        } else {
            engine
                .start_exports(&ExportRequest {
                    groups: vec!["myactivity.search".into()],
                    ..ExportRequest::default()
                })
                .unwrap();
        }
        world
            .control()
            .inject_fault(Route::Storage, Fault::Bandwidth(48 << 20), 1);
        let mut events = engine.subscribe();
        let run = engine.clone();
        let task = tokio::spawn(async move { run.run(RunUntil::Stopped).await });
        loop {
            if let Ok(EngineEvent::Transfer { done, .. }) = events.recv().await
                && done >= SIZE * 9 / 10
            {
                break;
            }
        }
        task.abort();
        let _ = task.await;
        drop(engine);
        // A new process: the aborted download lets go of the engine's lock as it unwinds.
        let engine = loop {
            match world.engine() {
                Ok(engine) => break engine,
                Err(carryout::engine::EngineError::Elsewhere { .. }) => {
                    tokio::task::yield_now().await
                }
                Err(other) => panic!("{other}"),
            }
        };
        let sent = world.control().stats().storage_bytes_sent;
        engine.run(RunUntil::Idle).await.unwrap();
        let row = latest(&engine, &["myactivity.search"]).remove(0);
        assert_eq!(row.state, ExportState::Verified, "{row:?}");
        let fetched = world.control().stats().storage_bytes_sent - sent;
        assert!(
            fetched <= SIZE - (64 << 20) + (1 << 20),
            "failed first: {failed_first}: fetched {fetched} of {SIZE} again"
        );
    }
}
