//! `dossier serve`: build, serve the output over HTTP on localhost, watch the
//! sources, rebuild on change and reload open tabs.

use crate::BuildOptions;

#[derive(Debug)]
pub enum ServeError {
    Usage(String),
    Failed(String),
}

impl ServeError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::Usage(_) => 2,
            ServeError::Failed(_) => 1,
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Usage(m) | ServeError::Failed(m) => f.write_str(m),
        }
    }
}

pub fn run(opts: BuildOptions, bind: &str, port: u16) -> Result<(), ServeError> {
    let _ = (opts, bind, port);
    Err(ServeError::Failed("serve is not built yet".into()))
}
