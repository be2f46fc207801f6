// The page of a report being made: asks the server how far the report is and shows
// it, then the download link. Without JavaScript the page reloads itself (the refresh
// inside <noscript>) and has a button to reload it.
const box = document.getElementById("report-job");

async function poll() {
  let answer = null;
  try {
    const response = await fetch(box.dataset.status, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) {
      window.location.reload(); // gone or not ours any more: the page says so
      return;
    }
    answer = await response.json();
  } catch (error) {
    answer = null; // the network again: try on the next beat
  }
  if (answer) {
    box.innerHTML = answer.text;
    box.dataset.state = answer.state;
    if (answer.state !== "running") {
      const link = document.getElementById("report-download");
      if (link) link.focus();
      return;
    }
  }
  setTimeout(poll, 1000);
}

if (box && box.dataset.state === "running" && window.fetch) {
  setTimeout(poll, 300);
}
