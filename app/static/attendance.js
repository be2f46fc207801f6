// The attendance sheet: taps go out with fetch; on a dropped connection they wait in
// localStorage and are sent again when the browser is back online. The server takes
// the same mark twice without harm, so resending is always safe.
import { pageFolder } from "./fold.js";

const form = document.getElementById("att-sheet");
const STORE = "cantina-attendance-queue";

if (form) {
  const api = form.dataset.api;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const unsaved = document.getElementById("unsaved");
  const errorBox = document.getElementById("sheet-error");
  const rows = () => Array.from(form.querySelectorAll(".att-list > li[data-id]"));
  const rowOf = (id) => document.getElementById("p" + id);

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "[]");
    } catch {
      return [];
    }
  };
  const pending = () => load().filter((item) => item.api === api);
  const showUnsaved = () => {
    const n = pending().length;
    unsaved.hidden = n === 0;
    unsaved.textContent = n + " " + unsaved.dataset.word;
    for (const li of rows()) li.removeAttribute("data-pending");
    for (const item of pending()) rowOf(item.id)?.setAttribute("data-pending", "");
  };
  const save = (queue) => {
    localStorage.setItem(STORE, JSON.stringify(queue));
    showUnsaved();
  };
  const enqueue = (item) =>
    save(load().filter((q) => !(q.api === item.api && q.id === item.id)).concat([item]));
  const dequeue = (item) =>
    save(load().filter((q) => !(q.api === item.api && q.id === item.id && q.mark === item.mark)));

  const recount = () => {
    const counts = {};
    for (const li of rows()) {
      const key = li.dataset.mark || "unmarked";
      counts[key] = (counts[key] || 0) + 1;
    }
    for (const el of document.querySelectorAll("[data-count]")) {
      el.textContent = counts[el.dataset.count] || 0;
    }
  };
  const setRow = (li, mark) => {
    if (!li) return;
    li.dataset.mark = mark || "";
    for (const button of li.querySelectorAll("button.tap")) {
      const on = button.value.endsWith(":" + mark);
      button.classList.toggle("on", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    recount();
  };
  const showError = (text) => {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  };
  const send = (method, url, body) =>
    fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    });
  const put = (url, body) => send("PUT", url, body);
  // one person's mark, or "clear": back to unmarked
  const sendMark = (base, id, mark, reason) =>
    mark === "clear"
      ? send("DELETE", base + "/" + id, { reason })
      : put(base + "/" + id, { mark, reason });
  const refusal = async (response) => {
    try {
      const data = await response.json();
      const field = data.errors && Object.values(data.errors)[0];
      return (field && [].concat(field)[0]) || data.message;
    } catch {
      return response.statusText;
    }
  };
  const reason = () => form.querySelector('[name="reason"]')?.value.trim() || null;

  let flushing = false;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of load()) {
        let response;
        try {
          response = await sendMark(item.api, item.id, item.mark, item.reason);
        } catch {
          break; // still offline: keep the rest for later
        }
        dequeue(item);
        if (!response.ok && item.api === api) showError(await refusal(response));
      }
    } finally {
      flushing = false;
      showUnsaved();
    }
  };

  const tapOne = async (id, mark) => {
    const li = rowOf(id);
    const before = li.dataset.mark;
    const item = { api, id, mark, reason: reason() };
    setRow(li, mark === "clear" ? "" : mark);
    let response;
    try {
      response = await sendMark(api, id, mark, item.reason);
    } catch {
      enqueue(item);
      return;
    }
    dequeue(item);
    if (!response.ok) {
      setRow(li, before);
      showError(await refusal(response));
    }
  };

  const tapAll = async (groupName, mark) => {
    const group = form.querySelector(`.att-list[data-group="${groupName}"]`);
    const open = Array.from(group.querySelectorAll("li[data-id]")).filter((li) => !li.dataset.mark);
    if (!open.length) return;
    const marks = open.map((li) => ({ beneficiary_id: Number(li.dataset.id), mark }));
    for (const li of open) setRow(li, mark);
    let response;
    try {
      response = await put(api, { marks, reason: reason() });
    } catch {
      for (const li of open) enqueue({ api, id: li.dataset.id, mark, reason: reason() });
      return;
    }
    if (!response.ok) {
      for (const li of open) setRow(li, "");
      showError(await refusal(response));
    }
  };

  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button || button.name !== "tap") return;
    event.preventDefault();
    showError("");
    if (button.value === "all") {
      tapAll("table", "present");
    } else if (button.value === "all_delivered") {
      tapAll("delivery", "delivered");
    } else {
      const [id, mark] = button.value.split(":");
      tapOne(id, mark);
    }
  });

  const search = document.getElementById("att-search");
  const folder = pageFolder();
  search?.addEventListener("input", () => {
    // every word typed must appear, in any order and in any spelling: "stefan birca",
    // "Штефан Быркэ" and "Ştefan Bârcă" all find "Bîrcă Ștefan"
    const terms = folder.searchTerms(search.value);
    for (const li of rows()) {
      const key = li.dataset.key;
      li.hidden = !terms.every((readings) => readings.some((r) => key.includes(r)));
    }
  });

  // marks still waiting from an earlier visit show as made, and go out when possible
  for (const item of pending()) setRow(rowOf(item.id), item.mark === "clear" ? "" : item.mark);
  showUnsaved();
  window.addEventListener("online", flush);
  setInterval(() => {
    if (load().length && navigator.onLine) flush();
  }, 15000);
  if (navigator.onLine) flush();
}
