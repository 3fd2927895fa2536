//! The `cargo xtask` binary: the tasks live in the library (`src/lib.rs`), so that test builds
//! can turn on its `data` feature through a dev-dependency on it.

fn main() -> anyhow::Result<()> {
    xtask::main()
}
