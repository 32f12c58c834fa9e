//! `rdb replay FILE --html OUT.html`, as a user opens it: the real binary writes the page
//! of a real recording, and headless Chromium runs it from disk. The page's own keys
//! move it; at every step its frames must be the stack `rdb replay --batch` shows there.

mod common;
use common::{browser, finish, rdb_command, write};

const FAMILY: &str = "def grandchild(items, k):\n    items.append(k)\n    total = sum(items)\n    return total\n\n\
def child(items, n):\n    label = 'child %d' % n\n    return grandchild(items, n * 10)\n\n\
def parent():\n    shared = []\n    for i in range(2):\n        print('round', i)\n        child(shared, i)\n    return shared\n\nprint(parent())\n";

fn run(dir: &std::path::Path, args: &[&str], stdin: &str) -> common::Run {
    finish(rdb_command(dir, args), stdin)
}

/// fam.py recorded, and its page written; the page's path.
fn page(dir: &std::path::Path) -> std::path::PathBuf {
    write(dir, "fam.py", FAMILY);
    let recorded = run(dir, &["record", "fam.py"], "");
    assert_eq!(recorded.status, 0, "{}", recorded.stderr);
    let written = run(dir, &["replay", "fam.rdbrec", "--html", "fam.html"], "");
    assert_eq!(written.status, 0, "{}", written.stderr);
    assert!(
        written.stderr.starts_with("rdb replay: ")
            && written.stderr.contains(" steps in fam.html ("),
        "{}",
        written.stderr
    );
    dir.join("fam.html")
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Presses keys in the page once it is ready and keeps, after each, what it shows:
/// `step|func:line,… (newest first)|output|the newest frame's heading`.
const PROBE: &str = r##"<script>
document.addEventListener("rdb-ready", () => {
  const rows = [];
  const snap = () => {
    const frames = [...document.querySelectorAll("#frames .frame")].map(
      (f) => f.dataset.func + ":" + f.querySelector(".where").textContent.replace("line ", ""));
    const head = document.querySelector("#frames .frame .head");
    rows.push([document.body.dataset.step, frames.join(","),
      document.getElementById("output").textContent.replace(/\n/g, "\\n"),
      head ? head.textContent : ""].join("|"));
  };
  const press = (key) => document.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  const total = Number(document.getElementById("slider").max);
  press("Home"); snap();
  for (let i = 1; i < total; i++) { press("ArrowRight"); snap(); }
  press("ArrowRight"); snap();
  press("Home"); press("ArrowLeft"); snap();
  press("End"); press("ArrowLeft"); snap();
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = rows.join("\n");
  document.body.append(probe);
});
</script>
</body>"##;

/// Each step's stack as `rdb replay --batch` shows it (`w` after `goto N`), newest first.
fn batch_stacks(dir: &std::path::Path, total: usize) -> Vec<String> {
    let commands: String = (1..=total).map(|n| format!("goto {n}\nw\n")).collect();
    let out = run(dir, &["replay", "--batch", "fam.rdbrec"], &commands).stdout;
    let chunks: Vec<&str> = out.split("(replay) ").collect();
    (0..total)
        .map(|k| {
            let mut frames: Vec<String> = chunks[2 + 2 * k]
                .lines()
                .filter(|l| l.starts_with("> /") || l.starts_with("  /"))
                .map(|l| {
                    // `file(line)func()`, the file's name maybe with brackets of its own
                    let (at, line) = l
                        .match_indices('(')
                        .find_map(|(i, _)| {
                            let digits: String = l[i + 1..]
                                .chars()
                                .take_while(char::is_ascii_digit)
                                .collect();
                            let close = i + 1 + digits.len();
                            (!digits.is_empty() && l[close..].starts_with(')'))
                                .then(|| (close + 1, digits))
                        })
                        .unwrap();
                    let func = l[at..].split("()").next().unwrap();
                    format!("{func}:{line}")
                })
                .collect();
            frames.reverse();
            frames.join(",")
        })
        .collect()
}

#[test]
fn the_page_shows_every_step_as_the_replay_does_and_its_keys_move_it() {
    let dir = tempfile::tempdir().unwrap();
    let page = page(dir.path());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains(" src="),
        "the page loads nothing from elsewhere"
    );
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", PROBE)).unwrap();
    let dom = browser::dump_dom(&probed, "");
    let probe = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|p| p.split("</pre>").next())
        .map(unescape)
        .unwrap_or_else(|| panic!("the page never got ready:\n{dom}"));
    let rows: Vec<Vec<&str>> = probe.lines().map(|l| l.split('|').collect()).collect();
    let total = rows.len() - 3;
    assert!(total > 30, "{probe}");
    // every step, in order, with the stack the line interface shows there
    let expected = batch_stacks(dir.path(), total);
    for (k, row) in rows[..total].iter().enumerate() {
        assert_eq!(row[0], (k + 1).to_string(), "{probe}");
        assert_eq!(row[1], expected[k], "step {}:\n{probe}", k + 1);
    }
    // → at the end stays there; ← at the first step too; End then ← the step before
    assert_eq!(rows[total][0], total.to_string());
    assert_eq!(rows[total + 1][0], "1");
    assert_eq!(rows[total + 2][0], (total - 1).to_string());
    // the output as it was at each step: nothing before the first print ran, all of it
    // by the module's return
    let print_at = rows
        .iter()
        .position(|r| r[1].starts_with("parent:13,"))
        .unwrap();
    assert_eq!(rows[print_at][2], "", "{probe}");
    assert_eq!(rows[print_at + 1][2], "round 0\\n", "{probe}");
    assert_eq!(
        rows[total - 1][2],
        "round 0\\nround 1\\n[0, 10]\\n",
        "{probe}"
    );
    // the list shared by three frames is one tagged object in each
    let deep = rows
        .iter()
        .find(|r| r[1].starts_with("grandchild:3,child:8,parent:14"))
        .unwrap();
    assert_eq!(deep[3], "grandchild(items=#1 [0], k=0)line 3", "{probe}");
}

#[test]
fn the_page_opens_at_a_step_and_draws_the_source_frames_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let page = page(dir.path());
    // the source is in the page: the file can go
    std::fs::remove_file(dir.path().join("fam.py")).unwrap();
    let dom = browser::dump_dom(&page, "#step=15");
    assert!(dom.contains(r#"<span id="position">step 15 of "#), "{dom}");
    assert!(dom.contains(r#"data-ready="1""#), "{dom}");
    assert!(
        dom.contains(">grandchild</span>"),
        "highlighted source: {dom}"
    );
    assert!(
        dom.contains(r#"<div class="ln current" id="L2"><span class="no">2</span><span class="mark">▶</span>"#),
        "{dom}"
    );
    assert!(
        dom.contains(r#"<div class="ln caller" id="L14"><span class="no">14</span><span class="mark">2</span>"#),
        "{dom}"
    );
    assert!(
        dom.contains(r##"<div class="object" id="obj1"><a class="tag t0" href="#obj1" data-tag="1">#1</a> list  []</div>"##),
        "{dom}"
    );
    let png = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("replay-page.png");
    let _ = std::fs::remove_file(&png);
    browser::screenshot(&page, "#step=15", &png, 1280, 800);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let size = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((size(16), size(20)), (1280, 800));
    // a drawn page, not a blank one (a white 1280×800 PNG is about 4 KB)
    assert!(
        bytes.len() > 30_000,
        "{} bytes: {}",
        bytes.len(),
        png.display()
    );
    eprintln!("the page at step 15: {}", png.display());
}

#[test]
fn html_without_a_file_name_or_into_a_folder_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fam.py", FAMILY);
    run(dir.path(), &["record", "fam.py"], "");
    let missing = run(dir.path(), &["replay", "fam.rdbrec", "--html"], "");
    assert_eq!(missing.status, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("--html needs"),
        "{}",
        missing.stderr
    );
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let folder = run(dir.path(), &["replay", "fam.rdbrec", "--html", "out"], "");
    assert_eq!(folder.status, 2);
    assert_eq!(folder.stderr.trim().lines().count(), 1, "{}", folder.stderr);
    let foreign = run(dir.path(), &["replay", "fam.py", "--html", "x.html"], "");
    assert_eq!(foreign.status, 2);
    assert!(
        foreign.stderr.contains("not an rdb recording"),
        "{}",
        foreign.stderr
    );
}
