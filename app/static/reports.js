// The Reports page: generate the workbook in the background of the page, showing that
// it is being prepared, then hand it over as a download. Without JavaScript the form
// posts and downloads the same file.
const form = document.getElementById("report-form");
const status = document.getElementById("report-status");

if (form && status && window.fetch) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.hidden = false;
    status.querySelector("span").textContent = status.dataset.working;
    status.querySelector("progress").hidden = false;
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || !type.includes("spreadsheetml")) {
        // messages beside the fields come from the server's page: post the form plainly
        form.submit();
        return;
      }
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = /filename="?([^";]+)"?/.exec(disposition);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = match ? match[1] : "raport.xlsx";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      status.querySelector("span").textContent = status.dataset.done;
    } catch (error) {
      status.querySelector("span").textContent = status.dataset.failed;
    } finally {
      status.querySelector("progress").hidden = true;
      button.disabled = false;
    }
  });
}
