// entente explorer: the network page's filters redraw the picture in place (the form
// still works without this script: it is a plain GET form).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("network-filters");
  const holder = document.getElementById("network");
  if (!form || !holder) {
    return;
  }
  const redraw = async () => {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim() !== "") {
        query.append(name, String(value).trim());
      }
    }
    const text = query.toString();
    const status = document.getElementById("network-status");
    const response = await fetch("/network/drawing" + (text ? "?" + text : ""));
    const body = await response.text();
    if (response.ok) {
      holder.innerHTML = body;
      history.replaceState(null, "", "/network" + (text ? "?" + text : ""));
      if (status) {
        status.textContent = "";
      }
    } else if (status) {
      // The error page's message, as text.
      const page = new DOMParser().parseFromString(body, "text/html");
      const message = page.querySelector(".error");
      status.textContent = message ? message.textContent : "the filter was refused";
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    redraw();
  });
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => redraw());
  }
});
