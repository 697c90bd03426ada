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
// key) and, whenever an event about what the page's live part shows arrives, fetches that
// part again (refresh): a prompt page's (data-live-prompt) on the prompt's events, a
// release page's (data-live-release, its id) on the release's, the releases list's (an
// empty data-live-release) on every release's; and once when the subscription starts, for
// what changed between the page's rendering and then. A socket that drops (a server
// restart, the network, the person's role changed) is opened again after retryDelay, which
// doubles with each try up to 30 s; one closed because the session ended or the person
// lost the project (1008, for any reason but a changed role) is not. body[data-socket] says
// how the socket is doing: "open" once subscribed and caught up, "reconnecting", "closed".
let retryDelay = 1000;

function watchLive() {
  const live = document.getElementById("live");
  if (!live || !live.dataset.liveUrl) return;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + location.host + "/console/ws");
  socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token: "session" }));
  socket.onmessage = (msg) => {
    const m = JSON.parse(msg.data);
    if (m.type === "auth_ok") socket.send(JSON.stringify({ type: "subscribe", channel: "prompts" }));
    if (m.type === "subscribed") {
      retryDelay = 1000;
      refresh().finally(() => { document.body.dataset.socket = "open"; });
    }
    if (m.type === "event" && concerns(document.getElementById("live"), m.event)) refresh();
  };
  socket.onclose = (e) => {
    if (e.code === 1008 && !e.reason.endsWith("reconnect")) {
      document.body.dataset.socket = "closed";
      return;
    }
    document.body.dataset.socket = "reconnecting";
    setTimeout(watchLive, retryDelay);
    retryDelay = Math.min(2 * retryDelay, 30000);
  };
}

// refresh fetches the page's live part again and swaps it in only when it differs from
// what the page shows: an event often says what the page already shows (its own change),
// and nothing the reader is reading, clicking or typing into is replaced for nothing.
// A failed fetch, or an answer without a live part (a session that ended answers with the
// sign-in page), leaves the page as it is; the socket closes when the session ends.
async function refresh() {
  try {
    const resp = await fetch(document.getElementById("live").dataset.liveUrl, { headers: { "HX-Request": "true" } });
    if (!resp.ok) return;
    const html = await resp.text();
    const fresh = document.createElement("template");
    fresh.innerHTML = html;
    const next = fresh.content.getElementById("live");
    const shown = document.getElementById("live");
    if (next && next.outerHTML !== shown.outerHTML) htmx.swap(shown, html, { swapStyle: "outerHTML" });
  } catch {
    // the network failed: the next event, or a reload, shows what changed
  }
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

// The conversation editor (#blocks): one block per message. Its add, move and remove
// buttons post the form without JavaScript (the server rearranges it); with it they act
// here, keep the blocks' ids, labels and button values in order, and keep the focus on
// what the keyboard was working with.
function setUpBlocks() {
  const list = document.getElementById("blocks");
  if (!list) return;
  list.closest("form").addEventListener("click", (e) => {
    const button = e.target.closest("button[name=op]");
    if (!button) return;
    e.preventDefault();
    // Enter in a field "clicks" the form's first button, a block's: it means save.
    if (e.detail === 0 && document.activeElement !== button) {
      const save = document.getElementById("create-version") || document.getElementById("review-version");
      e.currentTarget.requestSubmit(save);
      return;
    }
    editBlocks(list, button);
  });
  list.addEventListener("input", (e) => {
    const block = e.target.closest("[data-block]");
    if (block && e.target.matches("textarea")) showBlockVariables(block);
    listVariables();
  });
  for (const block of list.querySelectorAll("[data-block]")) showBlockVariables(block);
}

// editBlocks does what button (add, up, down or remove) asks, then renumbers the blocks.
function editBlocks(list, button) {
  const block = button.closest("[data-block]");
  let focus = button;
  switch (button.dataset.op || button.value) {
    case "add": {
      const added = document.getElementById("block-template").content.firstElementChild.cloneNode(true);
      list.append(added);
      focus = added.querySelector("select");
      break;
    }
    case "up":
      if (block.previousElementSibling) list.insertBefore(block, block.previousElementSibling);
      break;
    case "down":
      if (block.nextElementSibling) list.insertBefore(block.nextElementSibling, block);
      break;
    case "remove": {
      const next = block.nextElementSibling || block.previousElementSibling;
      block.remove();
      focus = next ? next.querySelector("[data-op=remove]") : document.getElementById("add-message");
      break;
    }
  }
  renumber(list);
  listVariables();
  focus.focus();
}

// renumber gives each block the ids, labels and button values of its place, as the
// server draws them.
function renumber(list) {
  [...list.querySelectorAll("[data-block]")].forEach((block, i) => {
    const n = i + 1;
    const role = block.querySelector("select");
    const content = block.querySelector("textarea");
    role.id = "role-" + i;
    content.id = "content-" + i;
    const [roleLabel, contentLabel] = block.querySelectorAll("label");
    roleLabel.htmlFor = role.id;
    roleLabel.textContent = roleLabel.dataset.label + " " + n;
    contentLabel.htmlFor = content.id;
    contentLabel.textContent = contentLabel.dataset.label + " " + n;
    for (const b of block.querySelectorAll("button[data-op]")) {
      b.value = b.dataset.op + "-" + i;
      const verb = { up: "Move message " + n + " up", down: "Move message " + n + " down", remove: "Remove message " + n };
      b.setAttribute("aria-label", verb[b.dataset.op]);
    }
  });
}

// showBlockVariables lists under a block the variables its message uses, as chips, and
// the partials it includes ({{> slug}}), each a link to the prompt it names.
function showBlockVariables(block) {
  const out = block.querySelector("[data-vars]");
  const text = block.querySelector("textarea").value;
  const chips = [];
  const names = new Set();
  for (const m of text.matchAll(/\{\{\s*([#^&]?)\s*([A-Za-z_][\w.]*)\s*\}\}/g)) {
    if (names.has(m[2])) continue;
    names.add(m[2]);
    const chip = document.createElement("code");
    chip.className = "var";
    chip.textContent = m[2];
    chips.push(chip);
  }
  for (const m of text.matchAll(/\{\{>\s*([a-z0-9._-]+)(@\d+)?\s*\}\}/g)) {
    const link = document.createElement("a");
    link.className = "partial";
    link.href = "/console/partials/" + encodeURIComponent(m[1]);
    link.textContent = "partial " + m[1] + (m[2] || "");
    chips.push(link);
  }
  out.replaceChildren(...chips);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea[data-variables]")) {
    area.addEventListener("input", listVariables);
  }
  listVariables();
  setUpBlocks();
  watchLive();
});
