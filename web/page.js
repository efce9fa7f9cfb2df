// The self-check page's behaviour. nngradePage (set just before) holds the
// localStorage key, the sealed edition's TOML and the checker's WebAssembly,
// gzip-compressed and base64-encoded. The checker (web/selfcheck) answers
// calls with JSON; this script keeps the answers, shows the previews and
// verdicts, and saves and loads the submission file.
"use strict";
(() => {
  const root = document.documentElement;
  const form = document.getElementById("answers");
  const student = document.getElementById("student");
  const studentName = document.getElementById("name");
  const studentError = document.getElementById("student-error");
  const notice = document.getElementById("notice");
  const summary = document.getElementById("summary");
  const questions = Array.from(document.querySelectorAll("[data-question]"), (el) => ({
    id: el.dataset.question,
    el,
    input: el.querySelector("input, textarea"),
    preview: el.querySelector(".preview"),
    verdict: el.querySelector("[data-status]"),
    status: el.querySelector(".status"),
    feedback: el.querySelector(".feedback"),
  }));
  const byID = new Map(questions.map((q) => [q.id, q]));

  // The checker: started once, called synchronously when ready.
  let api = null;
  const ready = new Promise((resolve, reject) => {
    window.nngradeSelfCheck = {
      edition: nngradePage.edition,
      ready: (checker) => { api = checker; resolve(); },
      failed: (message) => reject(new Error(message)),
    };
  });
  // A checker that stopped (it never should) answers every call with an error.
  const call = (name, request) => {
    try {
      return JSON.parse(api[name](JSON.stringify(request)));
    } catch (e) {
      return { error: "the checker stopped (" + e.message + "); reload the page" };
    }
  };

  async function startChecker() {
    if (typeof DecompressionStream === "undefined" || typeof WebAssembly === "undefined") {
      throw new Error("this browser cannot run the checker (it needs WebAssembly and DecompressionStream); use a recent Firefox, Chrome, Edge or Safari");
    }
    const text = atob(nngradePage.wasmGzip);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    const wasm = await new Response(stream).arrayBuffer();
    const go = new Go();
    const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
    go.run(instance);
    await ready;
  }

  // Answers kept in this browser between visits.
  const state = () => ({
    student: student.value.trim(),
    name: studentName.value.trim(),
    answers: questions.map((q) => ({ question: q.id, answer: q.input.value })),
  });
  function save() {
    try {
      localStorage.setItem(nngradePage.storageKey, JSON.stringify(state()));
    } catch (e) { /* storage off or full: the page still works */ }
  }
  function fill(s) {
    student.value = s.student || "";
    studentName.value = s.name || "";
    const given = new Map((s.answers || []).map((a) => [a.question, a.answer]));
    for (const q of questions) q.input.value = given.get(q.id) || "";
  }
  function restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(nngradePage.storageKey) || "null");
      if (saved) fill(saved);
    } catch (e) { /* nothing usable saved */ }
  }

  // showText writes a message of the checker's into el. The reader's errors
  // echo the answer with a caret under the place on the next line: those two
  // lines are kept unwrapped (scrolling on a narrow screen) so that the caret
  // stays under its place; the other lines wrap. el's text stays the message.
  function showText(el, text) {
    el.textContent = "";
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) el.append("\n");
      let block;
      if (i + 1 < lines.length && /^\s*\^+\s*$/.test(lines[i + 1])) {
        block = document.createElement("pre");
        block.className = "echo";
        block.textContent = lines[i] + "\n" + lines[i + 1];
        i++;
      } else {
        block = document.createElement("div");
        block.textContent = lines[i];
      }
      el.append(block);
    }
  }

  // The live preview: how the answer is read, or where it cannot be.
  function preview(q) {
    const raw = q.input.value;
    if (!api || raw.trim() === "") {
      q.preview.textContent = "";
      delete q.preview.dataset.state;
      return;
    }
    const r = call("read", { question: q.id, answer: raw });
    if (r.error) {
      q.preview.dataset.state = "error";
      showText(q.preview, r.error);
    } else {
      q.preview.dataset.state = "ok";
      q.preview.textContent = "Read as: " + r.readAs;
    }
  }

  const statusWords = {
    correct: "Correct",
    partial: "Partly right",
    incorrect: "Not right",
    invalid: "Cannot be read",
    missing: "No answer",
    review: "Left to your instructor",
  };
  const points = (x) => String(Math.round(x * 100) / 100);

  // withoutPreview is a verdict's feedback less what the preview above it
  // already shows for the same answer: an unreadable answer's error, and the
  // "Read as …" line of a formula's feedback.
  function withoutPreview(q, qr) {
    const feedback = qr.feedback || "";
    if (qr.status === "invalid") {
      return q.preview.dataset.state === "error" && q.preview.textContent === feedback ? "" : feedback;
    }
    if (!qr.read_as || q.preview.textContent !== "Read as: " + qr.read_as) return feedback;
    return feedback.split("\n").filter((line) => line !== "Read as " + qr.read_as + ".").join("\n");
  }

  function showResult(result) {
    const counts = {};
    for (const qr of result.questions) {
      const q = byID.get(qr.id);
      if (!q) continue;
      counts[qr.status] = (counts[qr.status] || 0) + 1;
      q.verdict.dataset.status = qr.status;
      delete q.verdict.dataset.stale;
      q.status.textContent = (statusWords[qr.status] || qr.status) + ": " + points(qr.score) + " of " + points(qr.max_score) + (qr.max_score === 1 ? " point" : " points");
      let feedback = withoutPreview(q, qr);
      if (qr.expected && qr.status !== "correct") feedback += (feedback ? "\n" : "") + "Expected: " + qr.expected;
      showText(q.feedback, feedback);
    }
    const parts = Object.keys(statusWords)
      .filter((s) => counts[s])
      .map((s) => counts[s] + " " + statusWords[s].toLowerCase());
    summary.dataset.score = points(result.score);
    summary.dataset.maxScore = points(result.max_score);
    summary.textContent = "Score: " + points(result.score) + " of " + points(result.max_score) + " points. " + parts.join(", ") + ".";
  }

  async function check() {
    if (!api) {
      notice.textContent = "The checker is still loading; your answers will be checked when it is ready.";
      await ready;
    }
    checkStudent();
    const r = call("grade", state());
    if (r.error) {
      summary.textContent = "The answers could not be checked: " + r.error;
      return;
    }
    showResult(r.result);
  }

  function showStudentError(message) {
    studentError.textContent = message;
    studentError.hidden = !message;
    if (message) {
      student.setAttribute("aria-invalid", "true");
    } else {
      student.removeAttribute("aria-invalid");
    }
  }

  // checkStudent says at once what is wrong with a student id typed (nothing
  // while there is none: the download asks for it).
  function checkStudent() {
    if (!api || state().student === "") {
      showStudentError("");
      return;
    }
    showStudentError(call("student", { student: state().student }).error || "");
  }

  async function download() {
    if (state().student === "") {
      showStudentError("Enter your student id first: the file you hand in needs it.");
      student.focus();
      return;
    }
    await ready;
    const r = call("encode", state());
    if (r.error) {
      showStudentError(r.error);
      student.focus();
      return;
    }
    showStudentError("");
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([r.file], { type: "application/toml" }));
    link.download = r.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    notice.textContent = "Saved your answers as " + r.fileName + ".";
  }

  async function load(file) {
    await ready;
    const r = call("load", { fileName: file.name, file: await file.text() });
    if (r.error) {
      notice.textContent = "Could not load " + file.name + ": " + r.error;
      return;
    }
    fill(r);
    save();
    checkStudent();
    questions.forEach(markChanged);
    questions.forEach(preview);
    let message = "Loaded " + (r.answers || []).length + " answers from " + file.name + ".";
    if (r.unknown) message += " Not questions of this problem set, so left out: " + r.unknown.join(", ") + ".";
    if (r.tooLong) message += " " + r.tooLong;
    notice.textContent = message;
  }

  // A verdict stays until the next check, marked as about an earlier answer.
  function markChanged(q) {
    if (q.verdict.dataset.status) q.verdict.dataset.stale = "true";
  }

  restore();
  for (const q of questions) {
    q.input.addEventListener("input", () => {
      save();
      markChanged(q);
      preview(q);
    });
    if (q.input.tagName === "TEXTAREA") {
      // Enter starts a new line in a formula; Ctrl+Enter (Cmd+Enter) checks.
      q.input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.requestSubmit();
        }
      });
    }
  }
  student.addEventListener("input", () => { save(); checkStudent(); });
  studentName.addEventListener("input", save);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    check();
  });
  document.getElementById("download").addEventListener("click", download);
  const loadInput = document.getElementById("load");
  loadInput.addEventListener("change", () => {
    const file = loadInput.files[0];
    loadInput.value = "";
    if (file) load(file);
  });

  startChecker().then(() => {
    root.dataset.checker = "ready";
    notice.textContent = "The checker is ready.";
    questions.forEach(preview);
    checkStudent();
  }).catch((e) => {
    root.dataset.checker = "failed";
    notice.textContent = "The checker could not start: " + e.message + ". Your answers are still kept in this browser; check them with nngrade check instead.";
  });
})();
