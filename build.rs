//! Bakes the Python rdb was built against into the binary: an rpath to its libpython
//! (so rdb starts from a plain shell) and the interpreter path (for `sys.executable`).

fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    let config = pyo3_build_config::get();
    if let Some(exe) = config.executable() {
        println!("cargo:rustc-env=RDB_PYTHON_EXECUTABLE={exe}");
    }
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
}
