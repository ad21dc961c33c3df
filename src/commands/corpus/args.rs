//! The command-line flags that say where postmortems come from.

use std::path::PathBuf;

/// Where postmortems come from (shared by build, search, check, …).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// Repository to read (a working tree, or a bare repository with --rev)
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Folder of postmortems, relative to the repository [default: from hindsight.toml, else postmortems]
    #[arg(long)]
    pub content: Option<String>,
    /// Glob of files that are not postmortems, relative to the content folder (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Read git objects at this revision instead of the working tree
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Neither read nor write the build cache (.git/hindsight-cache)
    #[arg(long)]
    pub no_cache: bool,
}
