// factcheck desk: send the draft to /api/report and show the report; mark findings reviewed.
// The report fragment is rendered (and escaped) by the server; this script adds no markup of
// its own from article text (it sets textContent only).
"use strict";
(function () {
  const form = document.getElementById("draft-form");
  const text = document.getElementById("draft-text");
  const file = document.getElementById("draft-file");
  const result = document.getElementById("result");
  const status = document.getElementById("status");
  let markup = null;
  let name = "draft";

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? "small error" : "small";
  }

  async function errorOf(response) {
    try {
      const body = await response.json();
      return body.error || response.statusText;
    } catch (e) {
      return response.status + " " + response.statusText;
    }
  }

  async function check() {
    const payload = {
      text: text.value, fragment: true, name: name,
      title: document.getElementById("draft-title").value,
      date: document.getElementById("draft-date").value,
      source: document.getElementById("draft-source").value,
    };
    if (markup) payload.markup = markup;
    say("Checking…", false);
    let response;
    try {
      response = await fetch("/api/report", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      });
    } catch (e) {
      say("The server did not answer: " + e, true);
      return;
    }
    if (!response.ok) {
      say(await errorOf(response), true);
      return;
    }
    result.innerHTML = await response.text();
    say("Checked.", false);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    check();
  });

  file.addEventListener("change", function () {
    const f = file.files && file.files[0];
    if (!f) return;
    name = f.name;
    markup = /\.(md|markdown)$/i.test(f.name) ? "markdown" : "text";
    const reader = new FileReader();
    reader.onload = function () { text.value = String(reader.result); check(); };
    reader.onerror = function () { say("Cannot read " + f.name, true); };
    reader.readAsText(f);
  });
  text.addEventListener("input", function () { markup = null; });

  result.addEventListener("submit", async function (event) {
    const target = event.target;
    if (!(target instanceof HTMLFormElement) || !target.classList.contains("review")) return;
    event.preventDefault();
    const out = target.querySelector(".review-status");
    const body = {
      fingerprint: target.dataset.fingerprint,
      note: target.elements.note.value,
      by: target.elements.by.value,
    };
    const response = await fetch("/api/review", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      out.textContent = await errorOf(response);
      return;
    }
    out.textContent = "Reviewed.";
    check();
  });
})();
