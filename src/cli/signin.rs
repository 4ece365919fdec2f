//! What sign-in commands share: the core's sign-in session from the global options.

use carryout::auth::secrets;
use carryout::failure::Failure;
use carryout::session::{Backend, SecretsChoice, Session, SessionError, SessionOptions};

use super::{Failed, Global};
use carryout::catalog::GroupId;

/// `--secrets`: where sign-in tokens are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SecretsOption {
    /// The system keychain (macOS Keychain, Windows Credential Manager, Secret Service).
    Keyring,
    /// A file in the data dir readable only by you, for machines without a keychain.
    File,
}

pub fn runtime() -> Result<tokio::runtime::Runtime, Failed> {
    tokio::runtime::Runtime::new()
        .map_err(|e| format!("cannot start the async runtime: {e}").into())
}

pub async fn connect(global: &Global) -> Result<Session, Failed> {
    connect_to(global, None).await
}

/// The session, with backups in `backup_dir`; when `None`, in the default folder, or in demo
/// mode in its throwaway profile (a demo never fills the person's own backup folder).
pub async fn connect_to(
    global: &Global,
    backup_dir: Option<std::path::PathBuf>,
) -> Result<Session, Failed> {
    let backend = match (&global.emulator, global.demo) {
        (_, true) => Backend::Demo,
        (Some(url), false) => Backend::Emulator(url.clone()),
        (None, false) => Backend::Google,
    };
    let secrets = global.secrets_choice();
    // Demo mode keeps its tokens in memory whatever was chosen.
    if secrets == SecretsChoice::File && backend != Backend::Demo {
        eprintln!("{}", secrets::FILE_STORE_WARNING);
    }
    let options = SessionOptions {
        // Demo mode leaves the person's data folder alone: not even made.
        data_dir: match backend {
            Backend::Demo => std::path::PathBuf::new(),
            _ => global.data_dir()?,
        },
        backend,
        client_file: global.client_secret.clone(),
        secrets,
        backup_dir,
        history: global.history_choice(),
    };
    let session = Session::open(&options).await.map_err(|error| match error {
        SessionError::NoClient => Failed::new(
            Failure::NoClient,
            "no OAuth client: pass --client-secret FILE (the \
            client_secret_*.json of your \"Desktop app\" OAuth client from Google Cloud Console \
            → Credentials), or --demo to try Carryout without Google",
        ),
        other => other.into(),
    })?;
    if let Some(demo) = &session.demo {
        eprintln!(
            "demo mode: using an emulated Google at {} (nothing leaves this machine)",
            demo.emulator.base_url()
        );
        if session
            .throwaway_dir()
            .is_some_and(|dir| session.backup_dir.starts_with(dir))
        {
            eprintln!(
                "demo mode: backups go to {}, a throwaway folder removed when this command \
                 ends (--backup-dir DIR keeps them)",
                session.backup_dir.display()
            );
        }
    }
    Ok(session)
}

/// `--resources A,B` or `--all`: the groups a command acts on.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["resources", "all"])))]
pub struct Groups {
    /// Resource groups, comma-separated (see `carryout groups`)
    #[arg(long, value_delimiter = ',', value_name = "GROUPS")]
    resources: Vec<String>,
    /// Every resource group
    #[arg(long)]
    all: bool,
}

impl Groups {
    pub fn ids(&self) -> Vec<GroupId> {
        if self.all {
            carryout::catalog::all()
                .iter()
                .map(|group| group.group_id())
                .collect()
        } else {
            self.resources.iter().map(|r| r.trim().into()).collect()
        }
    }
}
