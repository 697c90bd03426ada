// The console's own script (the page allows no inline script): live updates of prompt
// and release pages over the session's socket, and the variables of a template listed as it is typed.
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

// watchLive opens /console/ws (authenticated by the session cookie: the page holds no
// key) and, whenever an event about what the page's live part shows arrives, has htmx
// fetch that part again: a prompt page's (data-live-prompt) on the prompt's events, a
// release page's (data-live-release, its id) on the release's, the releases list's (an
// empty data-live-release) on every release's. body[data-socket] says how the socket is
// doing.
function watchLive() {
  const live = document.getElementById("live");
  if (!live || !live.dataset.liveUrl) return;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + location.host + "/console/ws");
  socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token: "session" }));
  socket.onmessage = (msg) => {
    const m = JSON.parse(msg.data);
    if (m.type === "auth_ok") socket.send(JSON.stringify({ type: "subscribe", channel: "prompts" }));
    if (m.type === "subscribed") document.body.dataset.socket = "open";
    if (m.type !== "event" || !concerns(document.getElementById("live"), m.event)) return;
    htmx.ajax("GET", document.getElementById("live").dataset.liveUrl, { target: "#live", swap: "outerHTML" });
  };
  socket.onclose = () => { document.body.dataset.socket = "closed"; };
}

// concerns reports whether event changes what the live part shows.
function concerns(live, event) {
  const data = event.data || {};
  const promptId = live.dataset.livePrompt;
  if (promptId !== undefined) return data.promptId === promptId || data.id === promptId;
  const releaseId = live.dataset.liveRelease;
  if (releaseId === undefined || !event.type.startsWith("release.")) return false;
  return releaseId === "" || data.id === releaseId;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea[data-variables]")) {
    area.addEventListener("input", listVariables);
  }
  listVariables();
  watchLive();
});
