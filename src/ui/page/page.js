// rdb replay --html: the recording carried by this page (the .rdbrec file's bytes in
// base64: "RDBREC", the format version, then zlib'd JSON lines, one record each),
// decoded here and drawn at any step: the frames with their variables (shared objects
// tagged and linked), the source with the current line and each caller's line, and
// the program's output up to the step. Each position is rebuilt from the nearest
// keyframe before it, as rdb's own replay does (src/replay/mod.rs).
"use strict";

const $ = (id) => document.getElementById(id);
const META = JSON.parse($("rdb-meta").textContent);
const STEP_KINDS = ["call", "line", "return", "exception"];
const BY_TYPE_ONLY = new Set([
  "function", "type", "module", "builtin_function_or_method", "ABCMeta", "EnumType",
]);

const rec = {
  lines: [],     // the JSON lines
  steps: [],     // line index of each step
  keys: [],      // [step, line index]: the state after that step
  outParts: [],  // [stream, text]
  outMarks: [],  // [steps before, parts written]
  threads: [],   // thread ids in order of their first step
  calls: new Map(), // frame number -> step of its (first) call
};
let state = null; // { step, stacks: Map(thread -> frames), latest: Map(id -> repr) }

function fail(text) {
  document.body.insertAdjacentHTML("afterbegin", `<p class="error"></p>`);
  document.querySelector(".error").textContent = text;
  document.body.dataset.ready = "error";
}

async function decode() {
  const text = $("rdb-recording").textContent.trim();
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== "RDBREC") throw new Error("the page holds no rdb recording");
  const version = bytes[6] | (bytes[7] << 8);
  if (version !== 1) throw new Error(`recorded in format ${version}; this page reads format 1`);
  if (typeof DecompressionStream === "undefined") {
    throw new Error("this browser cannot decompress the recording (no DecompressionStream)");
  }
  const stream = new Blob([bytes.subarray(8)]).stream()
    .pipeThrough(new DecompressionStream("deflate"));
  return await new Response(stream).text();
}

function kindOf(line) {
  const m = /^\{"k":"([a-z]+)"/.exec(line);
  return m ? m[1] : "";
}

function index(text) {
  rec.lines = text.split("\n");
  const seenThreads = new Set();
  rec.lines.forEach((line, i) => {
    const kind = kindOf(line);
    if (STEP_KINDS.includes(kind)) {
      const r = JSON.parse(line);
      if (!seenThreads.has(r.t)) { seenThreads.add(r.t); rec.threads.push(r.t); }
      if (kind === "call" && !rec.calls.has(r.f)) rec.calls.set(r.f, rec.steps.length);
      rec.steps.push(i);
    } else if (kind === "key" && rec.steps.length) {
      rec.keys.push([rec.steps.length - 1, i]);
    } else if (kind === "out") {
      const r = JSON.parse(line);
      rec.outParts.push([r.s, r.text]);
      rec.outMarks.push([rec.steps.length, rec.outParts.length]);
    }
  });
}

const stepRecord = (i) => JSON.parse(rec.lines[rec.steps[i]]);

function setVars(vars, set, del) {
  const kept = del && del.length ? vars.filter((v) => !del.includes(v.n)) : vars;
  for (const v of set || []) {
    const old = kept.findIndex((o) => o.n === v.n);
    if (old >= 0) kept[old] = v; else kept.push(v);
  }
  return kept;
}

// The state after step r, given the state before it (src/replay/mod.rs: apply).
function apply(st, r) {
  let stack = st.stacks.get(r.t);
  if (!stack) { stack = []; st.stacks.set(r.t, stack); }
  if (stack.length && stack[stack.length - 1].returning) stack.pop();
  if (r.k === "call") {
    stack.push({ f: r.f, func: r.func, file: r.file, line: r.line, args: r.args,
      vars: (r.set || []).slice(), returning: false });
  } else if (stack.length) {
    const top = stack[stack.length - 1];
    top.line = r.line;
    top.vars = setVars(top.vars.slice(), r.set, r.del);
    top.returning = r.k === "return";
  }
  for (const v of r.set || []) if (v.id) st.latest.set(v.id, v.r);
}

function stateAt(step) {
  if (state && state.step === step) return state;
  if (state && state.step === step - 1) {
    apply(state, stepRecord(step));
    state.step = step;
    return state;
  }
  let lo = 0, hi = rec.keys.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (rec.keys[mid][0] <= step) lo = mid + 1; else hi = mid; }
  const st = { step, stacks: new Map(), latest: new Map() };
  let from = 0;
  if (lo > 0) {
    const [at, line] = rec.keys[lo - 1];
    for (const [t, frames] of JSON.parse(rec.lines[line]).stacks) {
      st.stacks.set(t, frames.map((f) => ({ ...f, vars: f.vars.slice() })));
      for (const f of frames) for (const v of f.vars) if (v.id) st.latest.set(v.id, v.r);
    }
    from = at + 1;
  }
  for (let i = from; i <= step; i++) apply(st, stepRecord(i));
  state = st;
  return st;
}

function outputBefore(step) {
  let lo = 0, hi = rec.outMarks.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (rec.outMarks[mid][0] <= step) lo = mid + 1; else hi = mid; }
  return lo ? rec.outMarks[lo - 1][1] : 0;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// --- source -------------------------------------------------------------------

let shownFile = null;
let marked = [];

function showSource(stack, newest) {
  const file = newest ? newest.file : null;
  const box = $("source");
  if (file !== shownFile) {
    shownFile = file;
    marked = [];
    box.replaceChildren();
    $("source-title").textContent = file ? file.split("/").pop() : "source";
    $("source-title").title = file || "";
    const lines = (file && META.sources[file]) || [];
    if (!lines.length && file) box.append(el("div", "more", `${file}: no source recorded`));
    lines.forEach((html, i) => {
      const row = el("div", "ln");
      row.id = `L${i + 1}`;
      row.append(el("span", "no", String(i + 1)), el("span", "mark"));
      const code = el("code");
      code.innerHTML = html;
      row.append(code);
      box.append(row);
    });
  }
  for (const row of marked) { row.classList.remove("current", "caller"); row.children[1].textContent = ""; }
  marked = [];
  stack.forEach((frame, i) => {
    if (frame.file !== file) return;
    const row = document.getElementById(`L${frame.line}`);
    if (!row) return;
    const isNewest = i === stack.length - 1;
    row.classList.add(isNewest ? "current" : "caller");
    row.children[1].textContent = isNewest ? "▶" : String(i + 1);
    marked.push(row);
  });
  const current = newest && document.getElementById(`L${newest.line}`);
  if (current) {
    const pane = $("source-pane");
    const top = current.offsetTop - pane.offsetTop;
    if (top < pane.scrollTop + 40 || top > pane.scrollTop + pane.clientHeight - 60) {
      pane.scrollTop = Math.max(0, top - pane.clientHeight / 2);
    }
  }
}

// --- frames and objects -----------------------------------------------------------

function reprOf(st, v) {
  return v.id && st.latest.has(v.id) ? st.latest.get(v.id) : v.r;
}

// Objects shown in more than one place get a tag, numbered as they are first met
// from the outermost frame in.
function tagsFor(stack) {
  const count = new Map();
  for (const f of stack) for (const v of f.vars) if (v.id) count.set(v.id, (count.get(v.id) || 0) + 1);
  const tags = new Map();
  for (const f of stack) for (const v of f.vars) {
    if (v.id && count.get(v.id) > 1 && !tags.has(v.id)) tags.set(v.id, tags.size + 1);
  }
  return tags;
}

function tagEl(n) {
  const a = el("a", `tag t${(n - 1) % 6}`, `#${n}`);
  a.href = `#obj${n}`;
  a.dataset.tag = String(n);
  return a;
}

function valueCell(st, v, tags) {
  const td = el("td", "value");
  const n = v.id && tags.get(v.id);
  if (n) { td.append(tagEl(n), " "); }
  td.append(reprOf(st, v));
  return td;
}

function frameTitle(st, f, tags) {
  const head = el("div", "head");
  if (f.func === "<module>") {
    head.append("globals");
  } else {
    head.append(`${f.func}(`);
    f.args.forEach((name, i) => {
      const v = f.vars.find((x) => x.n === name);
      if (i) head.append(", ");
      head.append(`${name}=`);
      if (v) {
        const n = v.id && tags.get(v.id);
        if (n) head.append(tagEl(n), " ");
        head.append(reprOf(st, v));
      }
    });
    head.append(")");
  }
  head.append(el("span", "where", `line ${f.line}`));
  return head;
}

function showFrames(st, stack, r) {
  const tags = tagsFor(stack);
  const boxes = [];
  // the newest frame first, the globals last, as rdb's frames view shows them
  stack.slice().reverse().forEach((f, i) => {
    const box = el("div", i === 0 ? "frame newest" : "frame");
    box.dataset.func = f.func;
    box.append(frameTitle(st, f, tags));
    const table = el("table");
    for (const v of f.vars) {
      const row = el("tr");
      row.append(el("td", "name", v.n));
      if (f.func === "<module>" && BY_TYPE_ONLY.has(v.ty)) row.append(el("td", "type", v.ty));
      else row.append(valueCell(st, v, tags));
      table.append(row);
    }
    if (i === 0 && r.k === "return") {
      const row = el("tr", "ret");
      row.append(el("td", "name", "return"), el("td", "value", r.value));
      table.append(row);
    }
    box.append(table);
    boxes.push(box);
  });
  if (!boxes.length) boxes.push(el("div", "more", "no frame of the recorded files here"));
  $("frames").replaceChildren(...boxes);
  const objects = [];
  for (const [id, n] of tags) {
    const v = stack.flatMap((f) => f.vars).find((x) => x.id === id);
    const row = el("div", "object");
    row.id = `obj${n}`;
    row.append(tagEl(n), ` ${v.ty}  ${reprOf(st, v)}`);
    objects.push(row);
  }
  if (!objects.length) objects.push(el("div", "more", "no object is shared between names here"));
  $("objects").replaceChildren(...objects);
}

// --- output -----------------------------------------------------------------------

function plain(text) {
  // colours and cursor moves are not drawn here; a carriage return starts the line again
  return text.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]/g, "").replace(/\x1b[@-_]/g, "")
    .split("\n").map((l) => l.slice(l.lastIndexOf("\r") + 1)).join("\n");
}

let shownParts = -1;

function showOutput(step) {
  const parts = outputBefore(step);
  if (parts === shownParts) return;
  const out = $("output");
  if (parts < shownParts) { out.replaceChildren(); shownParts = 0; }
  if (shownParts < 0) shownParts = 0;
  for (const [s, text] of rec.outParts.slice(shownParts, parts)) {
    out.append(el("span", s === 2 ? "stderr" : "stdout", plain(text)));
  }
  shownParts = parts;
  $("output-pane").scrollTop = $("output-pane").scrollHeight;
}

// --- the position -----------------------------------------------------------------

function describe(r, newest) {
  const box = $("event");
  box.replaceChildren();
  box.append(el("span", "kind", r.k));
  if (newest) box.append(` ${newest.file.split("/").pop()}:${newest.line} ${newest.func}()`);
  if (r.k === "return") box.append(` → ${r.value}`);
  if (r.k === "exception") box.append(` → ${r.text}`);
  if (rec.threads.length > 1) box.append(` (thread ${rec.threads.indexOf(r.t) + 1})`);
}

let current = 0;

function go(step) {
  const total = rec.steps.length;
  step = Math.max(0, Math.min(total - 1, step));
  current = step;
  const st = stateAt(step);
  const r = stepRecord(step);
  const stack = st.stacks.get(r.t) || [];
  $("slider").value = String(step + 1);
  $("position").textContent = `step ${step + 1} of ${total}`;
  describe(r, stack[stack.length - 1]);
  showSource(stack, stack[stack.length - 1]);
  showFrames(st, stack, r);
  showOutput(step);
  document.body.dataset.step = String(step + 1);
  if (history.replaceState) history.replaceState(null, "", `#step=${step + 1}`);
}

function lightTags(n, on) {
  for (const t of document.querySelectorAll(`.tag[data-tag="${n}"]`)) {
    t.classList.toggle("lit", on);
  }
}

function wire() {
  const total = rec.steps.length;
  $("slider").max = String(total);
  $("slider").addEventListener("input", (e) => go(Number(e.target.value) - 1));
  $("first").addEventListener("click", () => go(0));
  $("back").addEventListener("click", () => go(current - 1));
  $("forward").addEventListener("click", () => go(current + 1));
  $("last").addEventListener("click", () => go(total - 1));
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type !== "range") return;
    const moves = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: total - 1,
      PageUp: current - 10, PageDown: current + 10 };
    if (e.key in moves) { e.preventDefault(); go(moves[e.key]); }
  });
  for (const pane of ["frames", "objects"]) {
    $(pane).addEventListener("mouseover", (e) => {
      if (e.target.dataset && e.target.dataset.tag) lightTags(e.target.dataset.tag, true);
    });
    $(pane).addEventListener("mouseout", (e) => {
      if (e.target.dataset && e.target.dataset.tag) lightTags(e.target.dataset.tag, false);
    });
  }
}

async function main() {
  $("python").textContent = `recorded with ${META.python}`;
  let text;
  try {
    text = await decode();
  } catch (e) {
    return fail(`rdb replay: ${e.message}`);
  }
  index(text);
  if (!rec.steps.length) return fail("rdb replay: the recording has no steps");
  wire();
  const asked = /#step=(\d+)/.exec(location.hash);
  // the first stop is the script's first line, as in rdb replay
  const first = rec.steps.length > 1 && stepRecord(0).func === "<module>" ? 1 : 0;
  go(asked ? Number(asked[1]) - 1 : first);
  document.body.dataset.ready = "1";
  document.dispatchEvent(new Event("rdb-ready"));
}

main();
