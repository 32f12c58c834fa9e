//! `rdb record`'s tap on the program's output: `sys.stdout` and `sys.stderr` become text
//! streams of the same encoding, errors and line buffering over a C `write` that writes
//! each piece at once to the same descriptor and keeps it, in order, for the recorder to
//! take at its next event. Every piece of the streams is C (no frame of rdb's own ever
//! runs in the program). Output that bypasses `sys.stdout`/`sys.stderr` (`os.write`, C
//! code, child processes) is written as usual but not kept.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use pyo3::ffi;
use pyo3::prelude::*;

use super::entry::{c_function, varargs, wrong_type, Args};

/// What the program wrote since the recorder last took it: (1 stdout | 2 stderr, bytes).
static TAPPED: Mutex<Vec<(u8, Vec<u8>)>> = Mutex::new(Vec::new());
/// `TAPPED` is not empty: what the recorder checks at each event.
static ANY: AtomicBool = AtomicBool::new(false);

unsafe extern "C" fn rdb_tap_write(
    _slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held and an argument tuple.
    unsafe { varargs("write", (3, 3), args, kwargs, tap_write_body) }
}

/// `write(stream, fd, data)`: `data` (any bytes-like object) written whole to `fd`.
fn tap_write_body<'py>(py: Python<'py>, args: Args<'py>) -> PyResult<Bound<'py, PyAny>> {
    let stream = args
        .get(0)
        .extract::<u8>()
        .map_err(|_| wrong_type("write", "stream", "1 or 2"))?;
    let fd = args
        .get(1)
        .extract::<i32>()
        .map_err(|_| wrong_type("write", "fd", "an int"))?;
    let data = pyo3::buffer::PyBuffer::<u8>::get(&args.get(2))
        .map_err(|_| wrong_type("write", "data", "a bytes-like object"))?
        .to_vec(py)?;
    write_all(py, fd, &data)?;
    if !data.is_empty() {
        TAPPED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((stream, data.clone()));
        ANY.store(true, Ordering::Release);
    }
    Ok(data.len().into_pyobject(py)?.into_any())
}

/// `data` written whole, as `FileIO.write` and the buffer over it would: without the GIL
/// while the descriptor takes it, the program's signal handlers run between tries (PEP
/// 475), and a failure is the `OSError` (subclass) of its errno.
fn write_all(py: Python<'_>, fd: i32, mut data: &[u8]) -> PyResult<()> {
    while !data.is_empty() {
        // SAFETY: writes from a live slice to a descriptor the program owns.
        let n = py.detach(|| unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) });
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                py.check_signals()?;
                continue;
            }
            let errno = e.raw_os_error().unwrap_or(0);
            let text = std::io::Error::from_raw_os_error(errno).to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_string();
            return Err(pyo3::exceptions::PyOSError::new_err((errno, text)));
        }
        data = &data[n as usize..];
    }
    Ok(())
}

/// Puts the tap on `sys.stdout` and `sys.stderr` (each one still a text stream, with
/// its own descriptor, `isatty` and encoding).
pub fn tap_std_streams() -> Result<(), String> {
    Python::attach(|py| -> PyResult<()> {
        let write = c_function(
            py,
            c"write",
            c"write(stream, fd, data): rdb record's tap on the program's output",
            rdb_tap_write,
        )?;
        super::helpers::helper(py, "tap_std_streams").call1((write,))?;
        Ok(())
    })
    .map_err(|e| e.to_string())
}

/// What the program wrote through its streams since the last call, in order.
pub fn take_tapped() -> Vec<(u8, Vec<u8>)> {
    if !ANY.load(Ordering::Acquire) {
        return Vec::new();
    }
    let mut tapped = TAPPED.lock().unwrap_or_else(|e| e.into_inner());
    ANY.store(false, Ordering::Release);
    std::mem::take(&mut *tapped)
}
