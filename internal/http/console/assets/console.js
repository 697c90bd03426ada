// The console's own script (the page allows no inline script): live updates of a prompt
// page over the session's socket, and the variables of a template listed as it is typed.
"use strict";

// listVariables shows the {{variables}} the editor's templates use, as the server will
// detect them (sections and partials aside).
function listVariables() {
  const out = document.getElementById("variables");
  if (!out) return;
  const names = new Set();
  const tag = /\{\{\s*([#^/>!&]?)\s*([A-Za-z_][\w.]*)\s*\}\}/g;
  for (const area of document.querySelectorAll("textarea[data-variables]")) {
    for (const m of area.value.matchAll(tag)) {
      if (m[1] === "" || m[1] === "&" || m[1] === "#" || m[1] === "^") names.add(m[2]);
    }
  }
  out.textContent = names.size ? [...names].sort().join(", ") : "none";
}

// watchPrompt opens /console/ws (authenticated by the session cookie: the page holds no
// key) and, whenever an event about the page's prompt arrives, has htmx fetch the live
// part of the page again. body[data-socket] says how the socket is doing.
function watchPrompt() {
  const live = document.querySelector("[data-live-prompt]");
  if (!live) return;
  const promptId = live.dataset.livePrompt;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + location.host + "/console/ws");
  socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token: "session" }));
  socket.onmessage = (msg) => {
    const m = JSON.parse(msg.data);
    if (m.type === "auth_ok") socket.send(JSON.stringify({ type: "subscribe", channel: "prompts" }));
    if (m.type === "subscribed") document.body.dataset.socket = "open";
    if (m.type !== "event") return;
    const data = m.event.data || {};
    if (data.promptId !== promptId && data.id !== promptId) return;
    const target = document.getElementById("live");
    htmx.ajax("GET", target.dataset.liveUrl, { target: "#live", swap: "outerHTML" });
  };
  socket.onclose = () => { document.body.dataset.socket = "closed"; };
}

document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea[data-variables]")) {
    area.addEventListener("input", listVariables);
  }
  listVariables();
  watchPrompt();
});
