//! The `rdb` binary: rdb with the CPython it was built against embedded (see `cli` for
//! the command line, shared with the Python package's `rdb` command).

fn main() {
    rdb::fds::note_inherited();
    let status = rdb::cli::main(std::env::args().skip(1).collect());
    // Ends rdb as python ends: the program's threads joined and its `atexit` handlers
    // run, then the process exits with the status.
    let status = rdb::py::shutdown(status);
    let _ = std::io::Write::flush(&mut std::io::stdout());
    std::process::exit(status)
}
