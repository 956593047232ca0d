// The playground page: sidebar (clock, views, people), the current view, and the modal.
// The backend owns all state; every POST answers with the full new state, which we render.
import { h, mrkdwn, renderBlocks, collectValues, restoreValues, showErrors } from "/static/blockkit.js";

const $ = (id) => document.getElementById(id);
const VIEWS = ["channel", "dm", "home"];
const POLL_MS = 2000;

let state = null;
let view = VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : "channel";
let epoch = 0; // bumped by every POST: a GET that started earlier must not overwrite its answer
let polling = false;
let offline = false; // the last error was "cannot reach the server"
let lastNotice = null;
let shown = { sidebar: "", main: "", view: null, count: 0 }; // what is on screen, to skip no-op polls
let modalShown = null; // {id, view, errors} as JSON strings of the modal on screen
let stick = true; // the view is scrolled to the newest message; keep it there
let scrollToEnd = false;
const collapsed = new Set(); // message ids whose replies are folded

// ------------------------------------------------------------------ talking to the backend

async function call(method, path, body) {
  const post = method === "POST";
  const mine = post ? ++epoch : epoch;
  let res, data = null;
  try {
    res = await fetch(path, { method, cache: "no-store",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined });
  } catch {
    showError("Cannot reach the playground server. Is it still running?", true);
    return null;
  }
  try { data = await res.json(); } catch { /* not JSON: reported below */ }
  if (!res.ok || !data || typeof data !== "object" || data.error) {
    showError(data?.error || `${res.status} ${res.statusText || "error"} on ${path}`);
    return null;
  }
  if (!post && mine !== epoch) return null;
  if (post || offline) hideError(); // a poll that gets through ends "cannot reach"
  apply(data, post);
  return data;
}

const act = (surface, ids, action) => call("POST", "/api/action", { surface, ...ids, action });

async function poll() {
  if (polling || document.visibilityState !== "visible") return;
  polling = true;
  // "?view=dm" tells the backend the person is reading their DM, which clears its unread count.
  try { await call("GET", view === "dm" ? "/api/state?view=dm" : "/api/state"); } finally { polling = false; }
}

// ------------------------------------------------------------------ rendering

function apply(next, fromPost) {
  const first = !state;
  state = next;
  // A notice may stay in every polled state: show it when it is new, or when a click caused it.
  if (next.notice && (fromPost || next.notice !== lastNotice)) toast(next.notice);
  lastNotice = next.notice || null;
  withFocus(() => { renderSidebar(); renderMain(); });
  renderModal();
  if (first && view === "home") call("POST", "/api/home", {}); // reloaded on the Home tab
}

// Re-rendering replaces nodes; put keyboard focus back on the element that had it.
function withFocus(render) {
  const key = document.activeElement?.dataset?.focusKey;
  render();
  if (key && (document.activeElement === document.body || !document.activeElement)) {
    document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus({ preventScroll: true });
  }
}

function everyone() {
  const people = state.people || [];
  return people.some((p) => p.id === state.me.id) ? people : [state.me, ...people];
}

function renderSidebar() {
  const dm = state.dm || {};
  const sig = JSON.stringify([state.now_label, state.jumps, everyone(), state.me.id, dm.unread, dm.name,
    state.channel?.name, view]);
  if (sig === shown.sidebar) return;
  shown.sidebar = sig;

  $("clock").textContent = state.now_label || state.now;
  $("header-clock").textContent = state.now_label || state.now;
  $("jumps").replaceChildren(...(state.jumps || []).map((j) => h("button", {
    type: "button", class: "jump-btn", "data-testid": `jump-${j.id}`, "data-focus-key": `jump-${j.id}`,
    onclick: () => { setNav(false); call("POST", "/api/clock", { jump: j.id }); },
  }, j.label)));

  $("nav-channel-label").textContent = state.channel?.name || "general";
  $("nav-dm-label").textContent = dm.name || "TechLead Coach";
  for (const btn of document.querySelectorAll(".nav-btn")) {
    const on = btn.dataset.view === view;
    btn.classList.toggle("active", on);
    if (on) btn.setAttribute("aria-current", "page"); else btn.removeAttribute("aria-current");
  }
  // While you read the DM its unread count means nothing to you; there is no "mark read" call.
  const badge = $("dm-badge");
  badge.hidden = !(dm.unread > 0) || view === "dm";
  badge.textContent = dm.unread > 0 ? String(dm.unread) : "";
  badge.setAttribute("aria-label", `${dm.unread} unread`);

  $("people").replaceChildren(...everyone().map((p) => {
    const me = p.id === state.me.id;
    return h("button", {
      type: "button", class: `person${me ? " current" : ""}`, "aria-pressed": String(me),
      "data-testid": `person-${p.id}`, "data-focus-key": `person-${p.id}`,
      "aria-label": `${p.name}, ${p.role}, local time ${p.local_time}${me ? " (you are acting as them)" : ""}`,
      onclick: () => switchTo(p.id),
    },
    avatar(p.id, p.name, "sm"),
    h("span", { class: "person-text" },
      h("span", { class: "person-name" }, p.name, h("span", { class: `role role-${p.role}` }, p.role)),
      h("span", { class: "person-time" }, `${p.local_time} · ${p.tz}`)));
  }));
}

function conversation() {
  if (view === "channel") return state.channel || {};
  if (view === "dm") return state.dm || {};
  return {};
}

// The backend puts messages in time order and groups them by day (the person's own days);
// each day gets Slack's divider, which stays at the top while its messages scroll by.
function days(conv) {
  const byId = new Map((conv.messages || []).map((m) => [m.id, m]));
  return (conv.days || []).map((d) => h("section", { class: "day", "aria-label": d.label },
    h("div", { class: "day-divider", "data-testid": "day-divider", role: "separator" },
      h("span", { class: "day-label" }, d.label)),
    d.message_ids.map((id) => byId.get(id)).filter(Boolean).map((m) => message(m, false))));
}

function renderMain() {
  const scroller = $("scroller");
  const conv = conversation();
  const list = conv.messages || [];
  const count = list.reduce((n, m) => n + 1 + (m.replies?.length || 0), 0);
  const body = view === "home" ? state.home : [list, conv.days];
  const sig = JSON.stringify([view, body, state.users, [...collapsed]]);
  $("composer").hidden = view !== "channel";
  const me = state.me;
  $("view-title").textContent = view === "channel" ? `#${state.channel?.name || "general"}`
    : view === "dm" ? (state.dm?.name || "TechLead Coach") : "App Home · TechLead Coach";
  $("view-sub").textContent = view === "channel"
    ? `Type /techlead commands as ${me.name}; the bot answers here, ephemeral answers only ${me.name} sees.`
    : view === "dm" ? `${me.name}'s direct messages with the bot: nudges, reminders, digests.`
      : `What ${me.name} sees on the bot's Home tab (published when the tab opens).`;
  if (sig === shown.main) return;

  const viewChanged = shown.view !== view;
  const grew = count > shown.count;
  shown = { ...shown, main: sig, view, count };
  const box = $("messages");
  box.classList.toggle("is-home", view === "home");
  if (view === "home") {
    const home = state.home;
    box.replaceChildren(home
      ? h("div", { class: "home" }, renderBlocks(home.blocks, {
        users: state.users, key: "home", onAction: (a) => act("home", { view_id: home.id || "home" }, a) }))
      : h("p", { class: "empty" }, `The bot has not published a Home tab for ${me.name} yet.`));
    if (viewChanged) scroller.scrollTop = 0;
    return;
  }
  box.replaceChildren(...(list.length ? days(conv)
    : [h("p", { class: "empty" }, view === "channel"
      ? "No messages yet. Try /techlead help below." : "No direct messages from the bot yet.")]));
  if (viewChanged || grew || stick || scrollToEnd) scroller.scrollTop = scroller.scrollHeight;
  scrollToEnd = false;
}

// A stable colour per person, so the same person always looks the same.
function avatar(id, name, size = "") {
  if (id === "bot" || id === "UBOT") return h("span", { class: `avatar bot ${size}`, "aria-hidden": "true" }, "TC");
  let hash = 0;
  for (const c of String(id)) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const initials = String(name || id).split(/\s+/).map((w) => w[0]).join("").slice(0, 2).toUpperCase();
  return h("span", { class: `avatar ${size}`, style: `--hue:${hash % 360}`, "aria-hidden": "true" }, initials);
}

function message(m, reply) {
  const bot = m.from === "bot" || m.from === "UBOT";
  const name = m.from_name || state.users[m.from] || m.from;
  const content = m.blocks && m.blocks.length
    ? renderBlocks(m.blocks, { users: state.users, key: m.id,
      onAction: (a) => act("message", { message_id: m.id }, a) })
    : mrkdwn(m.text, state.users);
  const replies = m.replies || [];
  const open = !collapsed.has(m.id);
  return h("article", { class: `msg${m.ephemeral ? " ephemeral" : ""}${reply ? " reply" : ""}`,
    "data-message-id": m.id, "data-testid": "message", "aria-label": `${name}, ${m.when || m.time_label}` },
  avatar(m.from, name),
  h("div", { class: "msg-body" },
    h("div", { class: "msg-meta" }, h("span", { class: "msg-author" }, name),
      bot && h("span", { class: "tag" }, "APP"), h("time", { datetime: m.at, title: m.when }, m.time_label)),
    m.ephemeral && h("div", { class: "ephemeral-note" }, "Only visible to you"),
    h("div", { class: "msg-content" }, content),
    (m.files || []).map(file),
    replies.length > 0 && h("button", { type: "button", class: "replies-toggle", "aria-expanded": String(open),
      "data-focus-key": `replies-${m.id}`,
      onclick: () => { open ? collapsed.add(m.id) : collapsed.delete(m.id); withFocus(renderMain); },
    }, `${open ? "▾" : "▸"} ${replies.length} ${replies.length === 1 ? "reply" : "replies"}`),
    replies.length > 0 && open && h("div", { class: "thread" }, replies.map((r) => message(r, true)))));
}

// PNG charts inline; anything else (CSV) as a download link.
function file(f) {
  const label = f.title || f.name;
  if ((f.mimetype || "").startsWith("image/")) {
    const img = h("img", { src: f.url, alt: label, loading: "lazy" });
    img.addEventListener("load", () => { if (stick) $("scroller").scrollTop = $("scroller").scrollHeight; });
    return h("figure", { class: "file-img" }, img, h("figcaption", {}, h("a", { href: f.url, target: "_blank", rel: "noopener" }, label)));
  }
  return h("a", { class: "file-card", href: f.url, download: f.name || true },
    h("span", { class: "file-icon", "aria-hidden": "true" }, ((f.name || "file").split(".").pop() || "file").toUpperCase().slice(0, 4)),
    h("span", {}, h("span", { class: "file-name" }, label), h("span", { class: "file-meta" }, `${f.mimetype || "file"} · download`)));
}

// ------------------------------------------------------------------ the modal

const dialog = $("modal");
let focusBeforeModal = null;

function renderModal() {
  const m = state.modal;
  if (!m) {
    if (dialog.open) dialog.close();
    modalShown = null;
    return;
  }
  const v = m.view || {};
  const viewJson = JSON.stringify(v);
  const errorsJson = JSON.stringify(m.errors || {});
  const body = $("modal-body");
  // Rebuild only for another view (or the same view updated), never on a plain poll:
  // rebuilding would throw away what the person is typing.
  if (!modalShown || modalShown.id !== m.id || modalShown.view !== viewJson) {
    const keep = modalShown && modalShown.id === m.id ? collectValues(body) : null;
    $("modal-title").textContent = v.title?.text || "";
    $("modal-cancel").textContent = v.close?.text || "Cancel";
    $("modal-submit").textContent = v.submit?.text || "Submit";
    $("modal-submit").hidden = !v.submit;
    $("modal-error").hidden = true;
    body.replaceChildren(renderBlocks(v.blocks, { users: state.users, key: "modal",
      onAction: (a) => act("modal", { view_id: state.modal?.id ?? m.id }, a) }));
    if (keep) restoreValues(body, keep);
    modalErrors(body, m.errors);
  } else if (modalShown.errors !== errorsJson && errorsJson !== "{}") {
    modalErrors(body, m.errors);
  }
  // Errors come with the submit answer only; a later poll's empty `errors` must not wipe them.
  // They go when the person submits again (new errors, or the modal closes) or the view changes.
  modalShown = { id: m.id, view: viewJson, errors: errorsJson };
  if (!dialog.open) {
    focusBeforeModal = document.activeElement;
    dialog.showModal();
    (body.querySelector(".has-error :is(input, textarea, select)")
      || body.querySelector("input, textarea, select, button") || $("modal-cancel")).focus();
  }
}

function modalErrors(body, errors) {
  const stray = showErrors(body, errors);
  $("modal-error").textContent = stray.join(" · ");
  $("modal-error").hidden = !stray.length;
}

function closeModal() {
  if (state?.modal) call("POST", "/api/modal/close", { view_id: state.modal.id });
}

async function submitModal(e) {
  e.preventDefault();
  if (!state?.modal || !state.modal.view?.submit) return;
  const id = state.modal.id;
  const submit = $("modal-submit");
  submit.disabled = true;
  try {
    const next = await call("POST", "/api/submit", { view_id: id, values: collectValues($("modal-body")) });
    // Still open with errors: take the person to the first one.
    if (next?.modal?.id === id) $("modal-body").querySelector(".has-error :is(input, textarea, select)")?.focus();
  } finally { submit.disabled = false; }
}

dialog.addEventListener("cancel", (e) => { e.preventDefault(); closeModal(); }); // Escape
// Back to what opened the modal; if a re-render replaced that button, to its replacement.
dialog.addEventListener("close", () => {
  const key = focusBeforeModal?.dataset?.focusKey;
  const target = focusBeforeModal?.isConnected && focusBeforeModal !== document.body ? focusBeforeModal
    : key && document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  (target || $("scroller")).focus({ preventScroll: true });
});
$("modal-cancel").addEventListener("click", closeModal);
$("modal-form").addEventListener("submit", submitModal);

// ------------------------------------------------------------------ messages to the person

let toastTimer = null;
function toast(text) {
  const el = $("toast");
  el.textContent = text;
  el.classList.add("show");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove("show"), 6000);
}

// The page banner sits under the modal's backdrop, so an open modal shows errors itself.
function showError(text, unreachable = false) {
  offline = unreachable;
  const inModal = dialog.open;
  const el = inModal ? $("modal-error") : $("banner");
  (inModal ? el : $("banner-text")).textContent = text;
  el.hidden = false;
}
function hideError() { offline = false; $("banner").hidden = true; $("modal-error").hidden = true; }
$("banner-close").addEventListener("click", hideError);

// ------------------------------------------------------------------ navigation and input

function setView(next) {
  view = next;
  history.replaceState(null, "", `#${next}`);
  if (state) withFocus(() => { renderSidebar(); renderMain(); });
  if (next === "home") call("POST", "/api/home", {}); // opening the tab makes the bot publish it
  if (next === "dm") poll();
}

async function switchTo(user) {
  if (user === state?.me.id) return;
  const next = await call("POST", "/api/as", { user });
  if (next && view === "home") call("POST", "/api/home", {});
}

// On a phone the sidebar is a drawer over the messages, opened from the header's menu button;
// picking a view or a jump closes it. On wider screens it is always there and this is moot.
const narrow = window.matchMedia("(max-width: 720px)");
function setNav(open) {
  const app = document.querySelector(".app");
  const wasOpen = app.classList.contains("nav-open");
  app.classList.toggle("nav-open", open);
  $("menu-toggle").setAttribute("aria-expanded", String(open));
  $("scrim").hidden = !open;
  document.querySelector(".main").inert = open && narrow.matches; // Tab stays in the drawer
  if (open && !wasOpen) (document.querySelector(".sidebar .nav-btn.active") || document.querySelector(".sidebar button"))?.focus();
  if (!open && wasOpen && narrow.matches && $("sidebar").contains(document.activeElement)) $("menu-toggle").focus();
}
$("menu-toggle").addEventListener("click", () => setNav(!document.querySelector(".app").classList.contains("nav-open")));
$("scrim").addEventListener("click", () => setNav(false));
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !dialog.open) setNav(false); });
narrow.addEventListener("change", () => setNav(false));

for (const btn of document.querySelectorAll(".nav-btn")) btn.addEventListener("click", () => { setNav(false); setView(btn.dataset.view); });
window.addEventListener("hashchange", () => {
  const next = location.hash.slice(1);
  if (VIEWS.includes(next) && next !== view) setView(next);
});

$("composer").addEventListener("submit", async (e) => {
  e.preventDefault();
  const input = $("command-input");
  const hint = $("composer-hint");
  const text = input.value.trim();
  if (!text) return;
  if (!text.startsWith("/")) { hint.textContent = "Only /techlead commands reach the bot here"; return; }
  hint.textContent = "";
  $("send-btn").disabled = true;
  try {
    scrollToEnd = true;
    // Keep the text on failure so it can be sent again.
    if (await call("POST", "/api/command", { text })) input.value = "";
  } finally { $("send-btn").disabled = false; input.focus(); }
});
$("command-input").addEventListener("input", () => { $("composer-hint").textContent = ""; });
$("scroller").addEventListener("scroll", () => {
  const s = $("scroller");
  stick = s.scrollHeight - s.scrollTop - s.clientHeight < 60;
});

document.addEventListener("visibilitychange", poll);
setInterval(poll, POLL_MS);
poll();
