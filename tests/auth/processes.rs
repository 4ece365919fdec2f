//! Two processes on one data dir's secrets file (the app and the CLI): neither loses the
//! other's tokens. The second process is this test binary again, running `child_secret_writer`.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use carryout::auth::{GrantId, SecretStore};
use carryout::secret::RefreshToken;

const CHILD: &str = "CARRYOUT_TEST_CHILD_SECRETS";
const WRITES: usize = 60;

fn write_tokens(store: &SecretStore, who: &str) {
    for n in 0..WRITES {
        let grant = GrantId(format!("g-{who}-{n}"));
        store
            .put(&grant, &RefreshToken::new(format!("1//{who}-{n}")))
            .unwrap();
    }
}

/// The other process: once told to go, stores its tokens in the secrets file of the data dir
/// named in its environment.
#[test]
#[ignore = "run by two_processes_storing_tokens_at_once_lose_none as its child"]
fn child_secret_writer() {
    let Ok(dir) = std::env::var(CHILD) else {
        return;
    };
    println!("ready");
    std::io::stdout().flush().unwrap();
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    write_tokens(&SecretStore::file_in(dir.as_ref()), "child");
}

#[test]
fn two_processes_storing_tokens_at_once_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "processes::child_secret_writer",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("ready") {
        line.clear();
        assert_ne!(
            stdout.read_line(&mut line).unwrap(),
            0,
            "the child ended early"
        );
    }
    writeln!(child.stdin.take().unwrap(), "go").unwrap();
    let store = SecretStore::file_in(dir.path());
    // The child's failures are reported below; this process may fail too without a lock.
    let parent = std::panic::catch_unwind(|| write_tokens(&store, "parent"));
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "the child failed: {rest}");
    assert!(parent.is_ok(), "this process failed to store a token");
    for who in ["parent", "child"] {
        for n in 0..WRITES {
            let grant = GrantId(format!("g-{who}-{n}"));
            assert!(store.get(&grant).unwrap().is_some(), "{grant} was lost");
        }
    }
}
