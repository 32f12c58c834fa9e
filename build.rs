//! Bakes the Python rdb was built against into the binary: an rpath to its libpython
//! (so rdb starts from a plain shell), the interpreter path (for `sys.executable`) and
//! its full version (to refuse another libpython or virtualenv clearly); and compiles
//! `src/py/helpers.py` with that interpreter, so that rdb does not at every start.

/// Writes `magic number + "\n" + marshal(code of helpers.py)` to the file `argv[2]`.
const COMPILE_HELPERS: &str = "import importlib.util, marshal, sys
code = compile(open(sys.argv[1], encoding='utf-8').read(), '<rdb-helpers>', 'exec', dont_inherit=True, optimize=0)
open(sys.argv[2], 'wb').write(importlib.util.MAGIC_NUMBER.hex().encode() + b'\\n' + marshal.dumps(code))
";

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
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("helpers.marshal");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/py/helpers.py");
    let compiled = config.executable().is_some_and(|exe| {
        std::process::Command::new(exe)
            .args(["-I", "-c"])
            .arg(COMPILE_HELPERS)
            .arg(&source)
            .arg(&out)
            .status()
            .is_ok_and(|s| s.success())
    });
    if !compiled {
        // rdb compiles helpers.py when it starts instead.
        std::fs::write(&out, b"").expect("write to OUT_DIR");
    }
    println!("cargo:rerun-if-changed=src/py/helpers.py");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PYO3_PYTHON");
}
