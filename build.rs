//! Bakes the Python rdb was built against into the binary: an rpath to its libpython
//! (so rdb starts from a plain shell), the interpreter path (for `sys.executable`) and
//! its full version (to refuse another libpython or virtualenv clearly).

fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    let config = pyo3_build_config::get();
    if let Some(exe) = config.executable() {
        println!("cargo:rustc-env=RDB_PYTHON_EXECUTABLE={exe}");
        let version = std::process::Command::new(exe)
            .args(["-c", "import platform; print(platform.python_version())"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        if let Some(v) = version {
            println!("cargo:rustc-env=RDB_PYTHON_VERSION={v}");
        }
    }
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
}
