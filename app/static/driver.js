// The driver's list through a dropped connection. A tap on the list (delivered, not
// delivered, a concern) made without a connection waits in localStorage, its stop shows
// it as unsaved, and it is sent with fetch when the phone is back online. The server takes the same outcome twice without harm (and a parcel carried
// with the stop is settled once), so sending again is always safe. The list itself
// stays on the screen: nothing navigates away while the connection is down.
const script = document.querySelector("script[data-driver-offline]");
const list = document.querySelector("ol.stops");
const STORE = "cantina-driver-queue";

if (script && list) {
  const words = script.dataset;
  const page = location.pathname;
  const banner = document.createElement("p");
  banner.className = "flash error unsaved";
  banner.id = "unsaved";
  banner.setAttribute("role", "status");
  banner.hidden = true;
  list.before(banner);
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = words.css;
  document.head.append(link);

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "[]");
    } catch {
      return [];
    }
  };
  const mine = () => load().filter((item) => item.page === page);
  const stopOf = (item) => list.querySelector(`li.stop[data-stop="${item.stop}"]`);
  let problem = "";

  const recount = () => {
    const stops = Array.from(list.querySelectorAll("li.stop"));
    const done = stops.filter(
      (li) => li.classList.contains("delivered") || li.classList.contains("not_delivered")
    ).length;
    const progress = document.querySelector(".progress-line progress");
    if (progress) progress.value = done;
    const text = document.querySelector(".progress-line .progress");
    if (text) {
      text.textContent = words.progress
        .replace("__DONE__", done)
        .replace("__TOTAL__", stops.length);
    }
  };
  const show = () => {
    const pending = mine();
    for (const li of list.querySelectorAll("li.stop[data-unsaved]")) {
      li.removeAttribute("data-unsaved");
    }
    for (const item of pending) {
      const li = stopOf(item);
      if (!li) continue;
      li.setAttribute("data-unsaved", words.unsaved);
      if (item.fields.outcome) {
        li.classList.remove("delivered", "not_delivered");
        li.classList.add(item.fields.outcome);
      }
    }
    banner.hidden = pending.length === 0 && !problem;
    banner.textContent =
      problem || words.pending.replace("__N__", pending.length);
    recount();
  };
  const save = (queue) => {
    localStorage.setItem(STORE, JSON.stringify(queue));
    show();
  };
  // one waiting change per form (a stop's outcome, a stop's concern): the last tap wins
  const enqueue = (item) =>
    save(load().filter((q) => q.action !== item.action).concat([item]));
  const dequeue = (item) =>
    save(load().filter((q) => !(q.action === item.action && q.at === item.at)));

  const post = (item, token) => {
    const body = new URLSearchParams(item.fields);
    if (token) body.set("csrf_token", token);
    return fetch(item.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: token ? { "X-CSRFToken": token } : {},
    });
  };
  const loggedOut = (response) => new URL(response.url).pathname.startsWith("/login");

  let flushing = false;
  const flush = async () => {
    if (flushing || mine().length === 0) return;
    flushing = true;
    let sent = 0;
    try {
      // a fresh token from the list itself (the page may have been open for hours)
      const fresh = await fetch(page, { credentials: "same-origin" });
      if (loggedOut(fresh)) {
        problem = words.login;
        show();
        return;
      }
      const html = await fresh.text();
      const token = (html.match(/name="csrf-token" content="([^"]+)"/) || [])[1];
      for (const item of mine()) {
        const response = await post(item, token);
        if (loggedOut(response)) {
          problem = words.login;
          break;
        }
        if (response.ok) {
          sent += 1;
          dequeue(item);
        } else if (response.status >= 400 && response.status < 500) {
          // refused for good (the list changed, a reason is missing): drop it, say so
          problem = words.refused;
          dequeue(item);
        } else {
          break; // the server is struggling: try again later
        }
      }
    } catch {
      // still no connection
    } finally {
      flushing = false;
      show();
    }
    if (sent && mine().length === 0 && !problem) {
      location.reload(); // the server's view of the list
    }
  };

  // Online, a tap is an ordinary form post (the page answers as without JavaScript).
  // Offline, or while earlier taps still wait, it joins the queue behind them.
  list.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (navigator.onLine && mine().length === 0) return;
    event.preventDefault();
    const li = form.closest("li.stop");
    enqueue({
      action: form.getAttribute("action").split("#")[0],
      fields: Object.fromEntries(new FormData(form)),
      stop: li ? li.dataset.stop : "",
      page,
      at: Date.now(),
    });
    const details = form.closest("details");
    if (details) details.open = false;
    if (navigator.onLine) flush();
  });

  if ("serviceWorker" in navigator && words.sw) {
    navigator.serviceWorker.register(words.sw, { scope: "/driver/" }).catch(() => {});
    // the lists kept for offline reading go with the session
    document.querySelector("form.logout")?.addEventListener("submit", () => {
      if (window.caches) caches.delete("cantina-driver-lists");
    });
  }
  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  show();
  flush();
}
