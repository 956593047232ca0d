// Block Kit and mrkdwn rendered as DOM nodes.
// Every piece of text goes through textContent (never innerHTML): the bot's output contains
// what people typed, and the point of the playground is to show it exactly as Slack would.

// h("div", {class: "x", onclick: fn}, child, "text", [more]) -> an element.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, val] of Object.entries(attrs)) {
    if (val === undefined || val === null || val === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), val);
    else if (key === "class") el.className = val;
    else el.setAttribute(key, val === true ? "" : String(val));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

// ---------------------------------------------------------------- mrkdwn

// Slack escapes only these three; decoding happens *after* tokenising, so "&lt;!channel&gt;"
// (a person's literal text) can never turn into a mention.
export const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
const SAFE_URL = /^(https?:|mailto:)/i;

// One "<...>" token: mentions, channels, special mentions, links.
function entity(body, users) {
  const bar = body.indexOf("|");
  const target = bar < 0 ? body : body.slice(0, bar);
  const label = bar < 0 ? null : decode(body.slice(bar + 1));
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return h("span", { class: "mk-mention", "data-user-id": id }, "@" + (users[id] || label || id));
  }
  if (target.startsWith("#")) return h("span", { class: "mk-mention" }, "#" + (label || target.slice(1)));
  if (target.startsWith("!")) {
    const special = target.slice(1);
    if (special.startsWith("date^")) return document.createTextNode(label || special);
    if (special.startsWith("subteam^")) return h("span", { class: "mk-mention" }, label || "@group");
    return h("span", { class: "mk-mention mk-special" }, "@" + (label || special));
  }
  const url = decode(target);
  // Not a link we would follow (javascript:, or stray "<b>"): its label, or the raw text.
  if (!SAFE_URL.test(url)) return document.createTextNode(label ?? `<${decode(body)}>`);
  return h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label || url);
}

// Slack's emphasis rules: the opening marker follows a non-word character and is followed by
// a non-space; the closing one is preceded by a non-space and followed by a non-word.
function closingMarker(s, i, mark) {
  if (i > 0 && WORD.test(s[i - 1])) return -1;
  if (i + 1 >= s.length || SPACE.test(s[i + 1])) return -1;
  for (let j = i + 2; j < s.length; j++) {
    if (s[j] !== mark || SPACE.test(s[j - 1])) continue;
    if (j + 1 < s.length && WORD.test(s[j + 1])) continue;
    return j;
  }
  return -1;
}

const EMPHASIS = { "*": "strong", _: "em", "~": "s" };

function inline(s, users) {
  const out = [];
  let text = "";
  const flush = () => { if (text) out.push(decode(text)); text = ""; };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "`") {
      const j = s.indexOf("`", i + 1);
      if (j > i + 1) { flush(); out.push(h("code", { class: "mk-code" }, decode(s.slice(i + 1, j)))); i = j; continue; }
    } else if (c === "<") {
      const j = s.indexOf(">", i + 1);
      if (j > i + 1) { flush(); out.push(entity(s.slice(i + 1, j), users)); i = j; continue; }
    } else if (EMPHASIS[c]) {
      const j = closingMarker(s, i, c);
      if (j > 0) { flush(); out.push(h(EMPHASIS[c], {}, inline(s.slice(i + 1, j), users))); i = j; continue; }
    }
    text += c;
  }
  flush();
  return out;
}

// Lines: "> quote" (also "&gt; " as Slack sends it for typed quotes), "• item" / "- item", text.
function lines(text, users) {
  const out = [];
  let quote = null;
  let run = null; // consecutive plain lines, joined with <br>
  for (const line of text.split("\n")) {
    const q = /^(>|&gt;)\s?(.*)$/.exec(line);
    const li = /^\s*[•\-◦▪]\s+(.*)$/.exec(line);
    if (q) {
      run = null;
      if (!quote) { quote = h("blockquote", { class: "mk-quote" }); out.push(quote); } else quote.append(h("br"));
      append(quote, [inline(q[2], users)]);
    } else if (li) {
      run = quote = null;
      out.push(h("div", { class: "mk-li" }, inline(li[1], users)));
    } else {
      quote = null;
      if (!run) { run = h("span", { class: "mk-run" }); out.push(run); } else run.append(h("br"));
      append(run, [inline(line, users)]);
    }
  }
  return out;
}

// mrkdwn -> a <div>. ```preformatted``` may start mid-line and span lines; it keeps whitespace.
export function mrkdwn(text, users = {}) {
  const root = h("div", { class: "mk" });
  const parts = String(text ?? "").split(/```([\s\S]*?)```/);
  parts.forEach((part, k) => {
    if (k % 2 === 1) { root.append(h("pre", { class: "mk-pre" }, decode(part.replace(/^\n/, "")))); return; }
    let chunk = part;
    if (k > 0) chunk = chunk.replace(/^\n/, ""); // the newline after a closing fence
    if (k < parts.length - 1) chunk = chunk.replace(/\n$/, ""); // ...and before an opening one
    if (chunk || parts.length === 1) append(root, [lines(chunk, users)]);
  });
  return root;
}

// A text object: mrkdwn or plain_text (plain text is shown as-is; emoji: true needs nothing).
export function textObj(obj, users, tag = "div") {
  if (!obj) return null;
  if (obj.type === "mrkdwn") return mrkdwn(obj.text, users);
  return h(tag, { class: "plain" }, obj.text ?? "");
}
const plain = (obj) => (obj && obj.text) || "";

// ---------------------------------------------------------------- elements

// ctx: {users, onAction(action), interactive: bool}. `dispatch` is false inside input blocks:
// Slack only sends their values with the modal submission.
function element(el, block, ctx, dispatch) {
  const blockId = block.__id;
  const base = { action_id: el.action_id, block_id: blockId, type: el.type };
  const fire = (extra) => dispatch && ctx.onAction && ctx.onAction({ ...base, ...extra });
  switch (el.type) {
    case "button": {
      const attrs = {
        type: "button", class: `bk-btn ${el.style ? "bk-" + el.style : ""}`,
        "data-action-id": el.action_id, "data-value": el.value,
        "data-focus-key": `${ctx.key}|${blockId}|${el.action_id}|${el.value ?? ""}`,
        "aria-label": el.accessibility_label,
        onclick: () => {
          if (el.url && SAFE_URL.test(el.url)) window.open(el.url, "_blank", "noopener");
          fire({ value: el.value });
        },
      };
      return h("button", attrs, plain(el.text));
    }
    case "image":
      return h("img", { class: "bk-accessory-img", src: el.image_url, alt: el.alt_text || "" });
    case "static_select":
      return select(el, ctx, dispatch ? (opt) => fire({ selected_option: opt }) : null);
    case "radio_buttons":
    case "checkboxes":
      return choices(el, ctx, dispatch ? (sel) => fire(el.type === "radio_buttons"
        ? { selected_option: sel } : { selected_options: sel }) : null);
    case "plain_text_input":
      return textInput(el);
    default:
      return h("span", { class: "bk-unsupported" }, `[unsupported element: ${el.type}]`);
  }
}

function sameOption(a, b) { return a && b && a.value === b.value; }

function select(el, ctx, onChange) {
  const options = [];
  const opt = (o) => { options.push(o); return h("option", { value: options.length - 1 }, plain(o.text)); };
  const sel = h("select", { class: "bk-select", "data-action-id": el.action_id,
    "data-focus-key": `${ctx.key}|select|${el.action_id}`, "aria-label": plain(el.placeholder) || "Choose" },
  h("option", { value: "" }, plain(el.placeholder) || "Choose…"),
  el.option_groups
    ? el.option_groups.map((g) => h("optgroup", { label: plain(g.label) }, (g.options || []).map(opt)))
    : (el.options || []).map(opt));
  const initial = options.findIndex((o) => sameOption(o, el.initial_option));
  sel.value = initial >= 0 ? String(initial) : "";
  sel.bkOptions = options; // the original option objects, sent back as Slack would
  if (onChange) sel.addEventListener("change", () => onChange(options[sel.value] ?? null));
  return sel;
}

function choices(el, ctx, onChange) {
  const radio = el.type === "radio_buttons";
  const name = nextId("choice");
  const initial = radio ? [el.initial_option] : el.initial_options || [];
  const inputs = [];
  const selected = () => (el.options || []).filter((_, k) => inputs[k].checked);
  const group = h("fieldset", { class: "bk-choices", "data-action-id": el.action_id },
    (el.options || []).map((o, k) => {
      const input = h("input", { type: radio ? "radio" : "checkbox", name, value: o.value,
        "data-focus-key": `${ctx.key}|${el.action_id}|${o.value}` });
      input.checked = initial.some((i) => sameOption(i, o));
      if (onChange) input.addEventListener("change", () => onChange(radio ? selected()[0] ?? null : selected()));
      inputs.push(input);
      return h("label", { class: "bk-choice" }, input,
        h("span", {}, textObj(o.text, ctx.users, "span"),
          o.description && h("span", { class: "bk-choice-desc" }, plain(o.description))));
    }));
  group.bkOptions = el.options || [];
  return group;
}

function textInput(el) {
  const attrs = { class: "bk-text", "data-action-id": el.action_id,
    placeholder: plain(el.placeholder) || undefined, maxlength: el.max_length };
  const input = el.multiline ? h("textarea", { ...attrs, rows: 5 }) : h("input", { ...attrs, type: "text" });
  input.value = el.initial_value ?? "";
  return input;
}

// ---------------------------------------------------------------- blocks

function section(b, ctx) {
  const body = h("div", { class: "bk-section-body" }, textObj(b.text, ctx.users),
    b.fields && h("div", { class: "bk-fields" }, b.fields.map((f) => h("div", { class: "bk-field" }, textObj(f, ctx.users)))));
  return h("div", { class: "bk-section" }, body,
    b.accessory && h("div", { class: "bk-accessory" }, element(b.accessory, b, ctx, true)));
}

function input(b, ctx) {
  const el = b.element || {};
  const id = nextId("in");
  const control = element(el, b, ctx, !!b.dispatch_action);
  const grouped = el.type === "radio_buttons" || el.type === "checkboxes";
  if (!grouped) { control.id = id; }
  control.setAttribute("data-block-id", b.__id);
  const label = plain(b.label);
  const optional = b.optional ? h("span", { class: "bk-optional" }, " (optional)") : null;
  if (grouped) control.prepend(h("legend", { class: "bk-label" }, label, optional));
  return h("div", { class: "bk-input", "data-input-block": b.__id, "data-kind": el.type },
    !grouped && h("label", { class: "bk-label", for: id }, label, optional),
    control,
    b.hint && h("div", { class: "bk-hint" }, plain(b.hint)),
    h("div", { class: "bk-error", role: "alert", "data-error-for": b.__id, "data-testid": `modal-error-${b.__id}`, hidden: true }));
}

const BLOCKS = {
  header: (b) => h("h3", { class: "bk-header" }, plain(b.text)),
  section,
  divider: () => h("hr", { class: "bk-divider" }),
  context: (b, ctx) => h("div", { class: "bk-context" }, (b.elements || []).map((e) => e.type === "image"
    ? h("img", { class: "bk-context-img", src: e.image_url, alt: e.alt_text || "" })
    : textObj(e, ctx.users, "span"))),
  image: (b) => h("figure", { class: "bk-image" },
    b.title && h("figcaption", {}, plain(b.title)),
    h("img", { src: b.image_url, alt: b.alt_text || "", loading: "lazy" })),
  actions: (b, ctx) => h("div", { class: "bk-actions" }, (b.elements || []).map((e) => element(e, b, ctx, true))),
  input,
};

// blocks -> a <div class="bk">. Slack gives every block without a block_id a generated one;
// we do the same, deterministically, so actions and submitted values always carry one.
export function renderBlocks(blocks, ctx) {
  return h("div", { class: "bk" }, (blocks || []).map((b, k) => {
    const block = { ...b, __id: b.block_id || `auto_${k}` };
    const render = BLOCKS[b.type];
    return render ? render(block, ctx) : h("div", { class: "bk-unsupported" }, `[unsupported block: ${b.type}]`);
  }));
}

// ---------------------------------------------------------------- modal values

// The view_submission `values` shape: {block_id: {action_id: {...}}}.
export function collectValues(root) {
  const values = {};
  for (const wrap of root.querySelectorAll("[data-input-block]")) {
    const control = wrap.querySelector("[data-block-id]");
    if (!control) continue;
    const kind = wrap.dataset.kind;
    let v;
    if (kind === "plain_text_input") v = { type: kind, value: control.value === "" ? null : control.value };
    else if (kind === "static_select") v = { type: kind, selected_option: control.bkOptions[control.value] ?? null };
    else if (kind === "radio_buttons" || kind === "checkboxes") {
      const picked = [...control.querySelectorAll("input")].map((i, k) => i.checked && control.bkOptions[k]).filter(Boolean);
      v = kind === "radio_buttons" ? { type: kind, selected_option: picked[0] ?? null } : { type: kind, selected_options: picked };
    } else continue;
    (values[wrap.dataset.inputBlock] ??= {})[control.dataset.actionId] = v;
  }
  return values;
}

// Put collected values back after the view was re-rendered (Slack keeps typed input on update).
export function restoreValues(root, values) {
  for (const wrap of root.querySelectorAll("[data-input-block]")) {
    const control = wrap.querySelector("[data-block-id]");
    const v = control && values[wrap.dataset.inputBlock]?.[control.dataset.actionId];
    if (!v || v.type !== wrap.dataset.kind) continue;
    if (v.type === "plain_text_input") control.value = v.value ?? "";
    else if (v.type === "static_select") {
      const k = control.bkOptions.findIndex((o) => sameOption(o, v.selected_option));
      control.value = k >= 0 ? String(k) : "";
    } else {
      const chosen = v.selected_options || [v.selected_option];
      control.querySelectorAll("input").forEach((i, k) => { i.checked = chosen.some((c) => sameOption(c, control.bkOptions[k])); });
    }
  }
}

// Show state.modal.errors under their input blocks; clear the others.
// Returns the messages for block ids that have no input block, so they are not lost.
export function showErrors(root, errors = {}) {
  const placed = new Set();
  for (const el of root.querySelectorAll("[data-error-for]")) {
    const msg = errors[el.dataset.errorFor];
    if (msg) placed.add(el.dataset.errorFor);
    el.textContent = msg || "";
    el.hidden = !msg;
    el.closest(".bk-input")?.classList.toggle("has-error", !!msg);
  }
  return Object.entries(errors).filter(([id]) => !placed.has(id)).map(([id, msg]) => `${id}: ${msg}`);
}
