// Drag stops of a route into a new order; the order is posted at once.
// Without JavaScript the up/down buttons do the same.
const list = document.querySelector(".route-stops[data-order-url]");
const token = document.querySelector('meta[name="csrf-token"]')?.content;

if (list) {
  let dragged = null;
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".route-stop");
    if (dragged) dragged.classList.add("dragging");
  });
  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest(".route-stop");
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("dragend", async () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    const ids = [...list.querySelectorAll(".route-stop")].map((li) => Number(li.dataset.stopId));
    const response = await fetch(list.dataset.orderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ stop_ids: ids }),
      credentials: "same-origin",
    });
    // the up/down buttons and positions come from the server: reload to show them
    if (!response.ok) alert(list.dataset.errorText || "Error");
    window.location.reload();
  });
}
