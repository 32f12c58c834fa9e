//! rdb's own file descriptors, told apart from the program's: those open when rdb
//! started are inherited (the program's to close), those rdb opened before the program's
//! first line ran are rdb's (its copies of the standard streams, the program terminal,
//! the interface's terminal and pipes). A program that closes every descriptor — as old
//! daemons do — closes only its own (`py::io_hooks` keeps `os.close` and `os.closerange`
//! off rdb's).

use std::collections::BTreeSet;
use std::os::fd::RawFd;
use std::sync::Mutex;

static INHERITED: Mutex<Option<BTreeSet<RawFd>>> = Mutex::new(None);
static OWN: Mutex<BTreeSet<RawFd>> = Mutex::new(BTreeSet::new());

fn open_now() -> BTreeSet<RawFd> {
    let listed: Vec<RawFd> = std::fs::read_dir("/proc/self/fd")
        .map(|dir| {
            dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    // The listing's own descriptor, closed by now, is not one.
    listed
        .into_iter()
        // SAFETY: F_GETFD only asks whether the descriptor is open.
        .filter(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } != -1)
        .collect()
}

/// Called first thing: what is open now was handed to rdb (and its program).
pub fn note_inherited() {
    *INHERITED.lock().unwrap_or_else(|e| e.into_inner()) = Some(open_now());
}

/// Called before the program's first line runs: what rdb opened since is rdb's.
pub fn note_own() {
    let inherited = INHERITED.lock().unwrap_or_else(|e| e.into_inner());
    let Some(inherited) = inherited.as_ref() else {
        return;
    };
    let mut own = OWN.lock().unwrap_or_else(|e| e.into_inner());
    *own = open_now()
        .into_iter()
        .filter(|fd| *fd > 2 && !inherited.contains(fd))
        .collect();
}

/// Whether `fd` is one of rdb's own descriptors.
pub fn is_own(fd: RawFd) -> bool {
    OWN.lock().unwrap_or_else(|e| e.into_inner()).contains(&fd)
}

/// rdb's own descriptors in `low..high`, in order.
pub fn own_in(low: RawFd, high: RawFd) -> Vec<RawFd> {
    OWN.lock()
        .unwrap_or_else(|e| e.into_inner())
        .range(low..high.max(low))
        .copied()
        .collect()
}
