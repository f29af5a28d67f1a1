// adcraft studio: upload a product or import a feed, watch generation, review (one creative or a
// feed's grid in bulk), edit, approve, preview and download motion, read the report.
// Talks only to the documented /v1 API; the API key travels in the adcraft_key cookie, which the
// server sets (HttpOnly, SameSite=Strict) on POST /v1/session: no script ever reads it.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};
const ELEMENT_NAMES = ["product", "logo", "headline", "subline", "price", "cta"];
const state = { product: null, poll: null, creative: null };

async function api(path, opts = {}) {
  const res = await fetch(path, { credentials: "same-origin", ...opts });
  if (res.status === 401 || res.status === 403) { showLogin("Your API key was not accepted."); throw new Error("auth"); }
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error((body && body.error) || `HTTP ${res.status}`);
  return body;
}
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

// -- sign-in ----------------------------------------------------------------------------------
function showLogin(msg) {
  $("#login").hidden = false; $("#app").hidden = true; $("#logout").hidden = true;
  $("#login-error").textContent = msg || "";
}
async function start() {
  try { await api("/v1/whoami"); } catch (e) { return; }
  $("#login").hidden = true; $("#app").hidden = false; $("#logout").hidden = false;
  await loadProducts();
}
$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const res = await fetch("/v1/session", json("POST", { key: $("#key").value.trim() }));
  if (!res.ok) { showLogin("Your API key was not accepted."); return; }
  $("#key").value = "";
  await start();
});
$("#logout").addEventListener("click", async () => { await fetch("/v1/session", { method: "DELETE" }); showLogin(); });

for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
    document.querySelectorAll(".view").forEach((v) => (v.hidden = v.id !== `view-${tab.dataset.view}`));
    if (tab.dataset.view === "report") loadReport();
    if (tab.dataset.view === "feeds") { loadFeeds(); if (FEED.id) refreshFeed(); }
  });
}

// -- products ---------------------------------------------------------------------------------
async function loadProducts() {
  const list = await api("/v1/products");
  const ul = $("#product-list"); ul.replaceChildren();
  for (const p of list) {
    const li = el("li", { "data-id": p.id, onclick: () => openProduct(p.id) }, p.title);
    if (state.product === p.id) li.classList.add("active");
    ul.append(li);
  }
  if (!list.length) ul.append(el("li", { class: "muted" }, "none yet"));
}

$("#new-product").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("#f-error").textContent = ""; $("#f-submit").disabled = true;
  try {
    const brief = { title: $("#f-title").value.trim(), lang: $("#f-lang").value };
    for (const [id, key] of [["#f-brand", "brand"], ["#f-category", "category"]]) if ($(id).value.trim()) brief[key] = $(id).value.trim();
    if ($("#f-price").value) brief.price = Number($("#f-price").value);
    if ($("#f-original").value) brief.original_price = Number($("#f-original").value);
    const points = $("#f-points").value.split("\n").map((s) => s.trim()).filter(Boolean);
    if (points.length) brief.selling_points = points.slice(0, 5);
    const form = new FormData();
    form.append("photo", $("#f-photo").files[0]);
    form.append("brief", JSON.stringify(brief));
    const product = await api("/v1/products", { method: "POST", body: form });
    const sizes = [...document.querySelectorAll("#f-sizes input:checked")].map((i) => i.value);
    const job = await api(`/v1/products/${product.id}/jobs`, json("POST", { sizes, count: Number($("#f-count").value), theme: $("#f-theme").value }));
    await loadProducts();
    await openProduct(product.id);
    watchJob(job.id);
  } catch (e) {
    if (e.message !== "auth") $("#f-error").textContent = e.message;
  } finally {
    $("#f-submit").disabled = false;
  }
});

async function openProduct(id) {
  state.product = id;
  document.querySelectorAll("#product-list li").forEach((li) => li.classList.toggle("active", li.dataset.id === id));
  const p = await api(`/v1/products/${id}`);
  $("#empty").hidden = true; $("#product").hidden = false;
  $("#p-title").textContent = p.title;
  $("#p-photo").src = p.photo_url;
  const b = p.brief;
  $("#p-meta").textContent = [b.brand, b.category, b.price != null ? `price ${b.price}` : null, b.lang].filter(Boolean).join(" · ");
  const running = p.jobs.filter((j) => j.status === "queued" || j.status === "running");
  if (running.length) watchJob(running[running.length - 1].id); else $("#job").hidden = true;
  await loadCreatives();
}

function watchJob(jobId) {
  clearInterval(state.poll);
  $("#job").hidden = false;
  const tick = async () => {
    const j = await api(`/v1/jobs/${jobId}`);
    $("#job-bar").style.width = `${Math.round(j.progress * 100)}%`;
    $("#job-text").textContent = j.status === "failed" ? `failed: ${j.error}` : `${j.stage}: ${j.done} of ${j.total || "?"} creatives`;
    if (j.status === "done" || j.status === "failed") {
      clearInterval(state.poll);
      if (j.status === "done") $("#job-text").textContent = `done: ${j.done} creatives` + (j.warnings.length ? ` — note: ${j.warnings[0]}` : "");
      await loadCreatives();
    }
  };
  state.poll = setInterval(tick, 700);
  tick();
}

async function loadCreatives() {
  const list = await api(`/v1/products/${state.product}/creatives`);
  const bySize = {};
  for (const c of list) (bySize[c.size] ||= []).push(c);
  const root = $("#sizes"); root.replaceChildren();
  for (const [size, items] of Object.entries(bySize)) {
    const approved = items.filter((c) => c.status === "approved").length;
    const head = el("div", { class: "size-head" }, el("h3", {}, `${size.replace("x", " × ")}`), el("span", { class: "muted" }, `${items.length} candidates, ${approved} approved`));
    if (approved) head.append(el("a", { href: `/v1/products/${state.product}/export.zip?size=${size}` }, "Export ZIP"));
    const grid = el("div", { class: "grid" });
    for (const c of items) grid.append(card(c));
    root.append(el("section", { class: "size", "data-size": size }, head, grid));
  }
}

function card(c) {
  const status = el("span", { class: `badge ${c.status}` }, c.status);
  return el("div", { class: `creative ${c.status}`, "data-id": c.id },
    el("img", { src: c.image_url, alt: `creative ${c.id}`, onclick: () => openEditor(c.id) }),
    el("div", { class: "meta" }, el("span", {}, `#${c.rank} · score ${c.score.toFixed(3)}`), status),
    el("div", { class: "meta" }, el("span", { class: `verdict ${(c.verdict || "").toLowerCase()}` }, c.verdict || ""),
      el("span", { class: "muted" }, (c.codes || []).join(" "))),
    el("div", { class: "meta muted" }, el("span", {}, c.family || "")),
    el("div", { class: "actions" },
      el("button", { class: "approve", onclick: () => review(c.id, "approve") }, "Approve"),
      el("button", { class: "reject", onclick: () => review(c.id, "reject") }, "Reject"),
      el("button", { onclick: () => openEditor(c.id) }, "Edit")));
}

async function review(id, what) {
  await api(`/v1/creatives/${id}/${what}`, { method: "POST" });
  await loadCreatives();
}

// the view behind the editor: the product's candidates or the feed's review grid
const feedsShown = () => !$("#view-feeds").hidden;
async function refreshBehind() {
  if (feedsShown()) { if (FEED.id) await loadFeedItems(); } else if (state.product) await loadCreatives();
}

// -- editor -----------------------------------------------------------------------------------
async function openEditor(id) {
  const c = await api(`/v1/creatives/${id}`);
  state.creative = c;
  $("#e-warn").textContent = "";
  fillEditor(c);
  if (!$("#editor").open) $("#editor").showModal();
}

function fillEditor(c) {
  $("#e-title").textContent = `${c.size} · ${c.family || ""}`;
  $("#e-score").textContent = `${c.verdict || ""} · score ${c.score.toFixed(3)} · contrast ${Object.entries(c.contrasts || {}).map(([role, x]) => `${role} ${x.toFixed(1)}`).join(", ")} · ${c.status}`;
  const findings = $("#e-findings"); findings.replaceChildren();
  for (const f of c.findings || []) {
    findings.append(el("li", { class: `finding ${f.severity}` }, `${f.code}: ${f.message} (${f.measure} ${f.value} vs ${f.threshold}; ${f.source})`));
  }
  const img = $("#e-image");
  img.onload = () => drawBoxes(c);
  img.src = c.image_url;
  fillMotion(c);
  const texts = $("#e-texts"); texts.replaceChildren(el("h3", {}, "Text"));
  for (const [role, text] of Object.entries(c.texts)) {
    texts.append(el("label", {}, role, el("input", { "data-role": role, class: "e-text", value: text, maxlength: 200 })));
  }
  const colours = $("#e-colours"); colours.replaceChildren(el("h3", {}, "Colours"));
  for (const [role, colour] of Object.entries(c.colours)) {
    colours.append(el("div", { class: "colour-row" }, el("label", {}, role), el("input", { type: "color", "data-role": role, class: "e-colour", value: colour.slice(0, 7) })));
  }
  const locks = $("#e-locks"); locks.replaceChildren(el("legend", {}, "Locked elements"));
  for (const name of Object.keys(c.elements)) {
    const box = el("input", { type: "checkbox", value: name, class: "e-lock" });
    box.checked = c.locked.includes(name);
    box.addEventListener("change", () => drawBoxes(state.creative, true));
    locks.append(el("label", {}, box, ` ${name}`));
  }
}

function lockedNow() { return [...document.querySelectorAll(".e-lock:checked")].map((i) => i.value); }

function drawBoxes(c) {
  const img = $("#e-image"), layer = $("#e-boxes");
  layer.replaceChildren();
  const [W] = c.size.split("x").map(Number);
  const k = img.clientWidth / W;
  const locked = lockedNow();
  for (const name of ELEMENT_NAMES) {
    const b = c.elements[name];
    if (!b) continue;
    const div = el("div", { class: `el${locked.includes(name) ? " locked" : ""}`, "data-element": name }, el("span", {}, name));
    Object.assign(div.style, { left: `${b[0] * k}px`, top: `${b[1] * k}px`, width: `${(b[2] - b[0]) * k}px`, height: `${(b[3] - b[1]) * k}px` });
    if (!locked.includes(name)) makeDraggable(div, name, b, k);
    layer.append(div);
  }
}

function makeDraggable(div, name, box, k) {
  div.addEventListener("pointerdown", (ev) => {
    ev.preventDefault();
    div.setPointerCapture(ev.pointerId);
    const x0 = ev.clientX, y0 = ev.clientY, left0 = parseFloat(div.style.left), top0 = parseFloat(div.style.top);
    const move = (e) => { div.style.left = `${left0 + e.clientX - x0}px`; div.style.top = `${top0 + e.clientY - y0}px`; };
    const up = async (e) => {
      div.removeEventListener("pointermove", move); div.removeEventListener("pointerup", up);
      const dx = Math.round((e.clientX - x0) / k), dy = Math.round((e.clientY - y0) / k);
      if (dx || dy) await save({ boxes: { [name]: [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy] } });
    };
    div.addEventListener("pointermove", move); div.addEventListener("pointerup", up);
  });
}

async function save(extra = {}) {
  const c = state.creative;
  const texts = {}, colours = {};
  for (const i of document.querySelectorAll(".e-text")) if (i.value !== c.texts[i.dataset.role]) texts[i.dataset.role] = i.value;
  for (const i of document.querySelectorAll(".e-colour")) if (i.value !== c.colours[i.dataset.role].slice(0, 7)) colours[i.dataset.role] = i.value;
  const body = { texts, colours, locked: lockedNow(), ...extra };
  $("#e-warn").textContent = "";
  try {
    const out = await api(`/v1/creatives/${c.id}`, json("PATCH", body));
    state.creative = out;
    fillEditor(out);
    if (out.warnings && out.warnings.length) $("#e-warn").textContent = out.warnings.join("; ");
    await refreshBehind();
  } catch (e) {
    if (e.message !== "auth") $("#e-warn").textContent = e.message;
    drawBoxes(c);
  }
}
$("#e-save").addEventListener("click", () => save());
$("#e-approve").addEventListener("click", async () => {
  await api(`/v1/creatives/${state.creative.id}/approve`, { method: "POST" });
  await openEditor(state.creative.id);
  await refreshBehind();
});
$("#e-close").addEventListener("click", () => { $("#editor").close(); stopPreviews(); });

// -- motion: previews and downloads made on demand by GET /v1/creatives/{id}/export ----------
const DOWNLOADS = [["mp4", "MP4"], ["gif", "GIF"], ["awebp", "WebP (animated)"], ["html5", "HTML5 zip"], ["svg", "SVG"], ["png", "PNG"], ["jpeg", "JPEG"]];
function exportUrl(c, fmt, platform = "") {
  return `/v1/creatives/${encodeURIComponent(c.id)}/export?format=${fmt}&v=${c.version}` + (platform ? `&platform=${platform}` : "");
}
function stopPreviews() {
  $("#e-previews").hidden = true;
  const video = $("#e-video"); video.pause(); video.removeAttribute("src"); video.load();
  $("#e-gif").removeAttribute("src"); $("#e-awebp").removeAttribute("src");
}
function fillMotion(c) {
  stopPreviews();
  $("#e-motion-error").textContent = "";
  const box = $("#e-downloads"); box.replaceChildren(el("span", { class: "muted" }, "Download: "));
  for (const [fmt, label] of DOWNLOADS) box.append(el("a", { href: "#", "data-format": fmt, onclick: (ev) => { ev.preventDefault(); download(c, fmt); } }, label));
}
$("#e-preview").addEventListener("click", () => {
  const c = state.creative;
  $("#e-previews").hidden = false; $("#e-motion-error").textContent = "";
  const fail = (what) => () => { $("#e-motion-error").textContent = `${what} could not be made; try the download link for the reason`; };
  $("#e-video").onerror = fail("the MP4"); $("#e-gif").onerror = fail("the GIF"); $("#e-awebp").onerror = fail("the animated WebP");
  $("#e-video").src = exportUrl(c, "mp4");
  $("#e-gif").src = exportUrl(c, "gif");
  $("#e-awebp").src = exportUrl(c, "awebp");
  $("#e-video").play().catch(() => {});
});
async function download(c, fmt) {
  const platform = $("#e-platform").value;
  $("#e-motion-error").textContent = `making ${fmt}…`;
  const res = await fetch(exportUrl(c, fmt, platform), { credentials: "same-origin" });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    $("#e-motion-error").textContent = (body && body.error) || `HTTP ${res.status}`;
    return;
  }
  const blob = await res.blob();
  const name = (/filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "") || [])[1] || `${c.id}.${fmt}`;
  const budget = res.headers.get("x-adcraft-budget-bytes");
  const fits = res.headers.get("x-adcraft-fits") === "1";
  $("#e-motion-error").textContent = budget && !fits ? `${name}: ${(blob.size / 1000).toFixed(1)} KB is over the ${platform} budget of ${(Number(budget) / 1000).toFixed(0)} KB` : "";
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// -- feeds: import, progress, review grid ------------------------------------------------------
const FEED = { id: null, poll: null, offset: 0, limit: 50, selected: new Set() };

async function loadFeeds() {
  const list = await api("/v1/feeds");
  const ul = $("#feed-list"); ul.replaceChildren();
  for (const f of list) {
    const li = el("li", { "data-id": f.id, onclick: () => openFeed(f.id) }, el("span", {}, f.id),
      el("span", { class: `badge ${f.status}` }, `${f.items.done}/${f.items.total}`));
    if (FEED.id === f.id) li.classList.add("active");
    ul.append(li);
  }
  if (!list.length) ul.append(el("li", { class: "muted" }, "none yet"));
}

$("#feed-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("#fd-error").textContent = ""; $("#fd-submit").disabled = true;
  try {
    const sizes = [...document.querySelectorAll("#fd-sizes input:checked")].map((i) => i.value);
    const count = Number($("#fd-count").value), theme = $("#fd-theme").value, id = $("#fd-id").value.trim();
    const file = $("#fd-file").files[0], url = $("#fd-url").value.trim();
    if (!file && !url) throw new Error("choose a feed file or give its URL");
    let feed;
    if (file) {
      const form = new FormData();
      form.append("feed", file);
      for (const photo of $("#fd-photos").files) form.append("photos", photo);
      if (id) form.append("feed_id", id);
      if (sizes.length) form.append("sizes", sizes.join(","));
      form.append("count", String(count)); form.append("theme", theme);
      feed = await api("/v1/feeds", { method: "POST", body: form });
    } else {
      const body = { url, count, theme };
      if (id) body.feed_id = id;
      if (sizes.length) body.sizes = sizes;
      feed = await api("/v1/feeds/from-json", json("POST", body));
    }
    $("#feed-form").reset();
    await loadFeeds();
    await openFeed(feed.id);
  } catch (e) {
    if (e.message !== "auth") $("#fd-error").textContent = e.message;
  } finally {
    $("#fd-submit").disabled = false;
  }
});

async function openFeed(id) {
  if (FEED.id !== id) { FEED.offset = 0; FEED.selected.clear(); }
  FEED.id = id;
  document.querySelectorAll("#feed-list li").forEach((li) => li.classList.toggle("active", li.dataset.id === id));
  $("#feed-empty").hidden = true; $("#feed").hidden = false;
  await refreshFeed();
}

async function refreshFeed() {
  clearTimeout(FEED.poll);
  const id = FEED.id;
  const f = await api(`/v1/feeds/${encodeURIComponent(id)}`);
  if (id !== FEED.id) return;
  showFeed(f);
  await loadFeedItems();
  if (f.status !== "done" && feedsShown()) FEED.poll = setTimeout(refreshFeed, 1500);
  else loadFeeds();
}

const rowWord = (n) => (n === 1 ? "row" : "rows");
function showFeed(f) {
  const n = f.items;
  $("#fe-title").textContent = f.id;
  $("#fe-status").textContent = f.status; $("#fe-status").className = `badge ${f.status}`;
  $("#fe-source").textContent = `${f.format.toUpperCase()} · ${f.source} · sizes ${f.options.sizes.join(", ")} · ${f.options.count} per size · imported ${f.imports}×`;
  $("#fe-bar").style.width = `${Math.round(f.progress * 100)}%`;
  const part = (k, label) => [el("b", {}, String(n[k])), ` ${label} · `];
  $("#fe-counts").replaceChildren(...part("total", "products"), ...part("imported", "imported"), el("b", {}, String(n.waiting + n.queued)), " queued · ",
    ...part("generating", "generating"), ...part("done", "done"), ...part("failed", "failed"), el("b", {}, String(f.refused)), ` ${rowWord(f.refused)} refused`);
  const list = (sel, rows, summary, line) => {
    const d = $(sel); d.hidden = !rows.length;
    d.querySelector("summary").textContent = summary;
    d.querySelector("ul").replaceChildren(...rows.map((r) => el("li", {}, line(r))));
  };
  list("#fe-failures", f.failures || [], `${(f.failures || []).length} failed`, (r) => `${r.item} (row ${r.row}, ${r.stage}): ${r.reason}`);
  list("#fe-refused", f.problems, `${f.refused} ${rowWord(f.refused)} refused`, (r) => `row ${r.row}${r.id ? ` (${r.id})` : ""}: ${r.message}`);
}

async function loadFeedItems() {
  const page = await api(`/v1/feeds/${encodeURIComponent(FEED.id)}/items?limit=${FEED.limit}&offset=${FEED.offset}`);
  $("#review-grid").replaceChildren(...page.items.map(productRow));
  const last = Math.min(page.offset + FEED.limit, page.total);
  $("#fr-page").textContent = page.total ? `products ${page.offset + 1}–${last} of ${page.total}` : "";
  $("#fr-prev").hidden = page.offset === 0; $("#fr-next").hidden = last >= page.total;
  updateSelection();
}
$("#fr-prev").addEventListener("click", () => { FEED.offset = Math.max(0, FEED.offset - FEED.limit); loadFeedItems(); });
$("#fr-next").addEventListener("click", () => { FEED.offset += FEED.limit; loadFeedItems(); });

function productRow(it) {
  const who = el("div", { class: "who" });
  if (it.photo_url) who.append(el("img", { src: it.photo_url, alt: `photo of ${it.item}` }));
  who.append(el("div", { class: "title" }, it.title || it.item),
    el("div", { class: "muted" }, `${it.item} · row ${it.row} `, el("span", { class: `badge ${it.state}` }, it.state)));
  if (it.photo_choice) who.append(el("div", { class: "why muted", title: it.photo_choice }, `chosen: ${it.photo_choice.split(";")[0]}`));
  const tiles = el("div", { class: "tiles" });
  if (it.error) tiles.append(el("p", { class: "error" }, it.error));
  else if (!it.top.length) tiles.append(el("p", { class: "muted" }, it.job ? `${it.job.stage}: ${it.job.done} of ${it.job.total || "?"} creatives` : "waiting to be made"));
  for (const c of it.top) tiles.append(tile(c));
  return el("div", { class: "product-row", "data-item": it.item, "data-state": it.state }, who, tiles);
}

function tile(c) {
  const pick = el("input", { type: "checkbox", class: "fr-pick", "data-id": c.id, "data-verdict": c.verdict || "" });
  pick.checked = FEED.selected.has(c.id);
  pick.addEventListener("change", () => { if (pick.checked) FEED.selected.add(c.id); else FEED.selected.delete(c.id); updateSelection(); });
  return el("div", { class: `tile ${c.status}`, "data-id": c.id, "data-size": c.size },
    el("img", { src: c.image_url, alt: `creative ${c.id}`, onclick: () => openEditor(c.id) }),
    el("div", { class: "meta" }, el("label", {}, pick, c.size),
      el("span", { class: `verdict ${(c.verdict || "").toLowerCase()}` }, c.verdict || "–"), el("span", { class: `badge ${c.status}` }, c.status)),
    el("div", { class: "codes muted", title: (c.findings || []).map((f) => `${f.code}: ${f.message}`).join("\n") }, (c.codes || []).join(" ")));
}

function updateSelection() {
  const n = FEED.selected.size;
  $("#fr-count").textContent = `${n} selected`;
  $("#fr-approve").disabled = $("#fr-reject").disabled = n === 0;
}
$("#fr-ship").addEventListener("click", () => {
  for (const box of document.querySelectorAll(".fr-pick[data-verdict='SHIP']")) { box.checked = true; FEED.selected.add(box.dataset.id); }
  updateSelection();
});
$("#fr-none").addEventListener("click", () => {
  FEED.selected.clear();
  for (const box of document.querySelectorAll(".fr-pick")) box.checked = false;
  updateSelection();
});
async function bulk(decision) {
  try {
    const out = await api(`/v1/feeds/${encodeURIComponent(FEED.id)}/review`, json("POST", { decision, creatives: [...FEED.selected] }));
    FEED.selected.clear();
    await loadFeedItems();
    $("#fr-count").textContent = `${out.count} ${out.status}`;
  } catch (e) {
    if (e.message !== "auth") $("#fr-count").textContent = e.message;
  }
}
$("#fr-approve").addEventListener("click", () => bulk("approve"));
$("#fr-reject").addEventListener("click", () => bulk("reject"));
window.addEventListener("resize", () => state.creative && $("#editor").open && drawBoxes(state.creative));

// -- report -----------------------------------------------------------------------------------
async function loadReport() {
  const by = $("#r-by").value;
  const rep = await api(`/v1/reports?by=${by}`);
  const rows = rep.rows;
  const tbody = $("#r-table tbody"); tbody.replaceChildren();
  const pct = (x) => (x == null ? "–" : `${(x * 100).toFixed(2)} %`);
  const ci = (c) => (c == null ? "–" : `${(c[0] * 100).toFixed(2)}–${(c[1] * 100).toFixed(2)} %`);
  for (const r of rows) {
    tbody.append(el("tr", {}, el("td", {}, r.key), el("td", { class: "num" }, String(r.impressions)), el("td", { class: "num" }, String(r.clicks)),
      el("td", { class: "num" }, pct(r.ctr)), el("td", { class: "num" }, ci(r.ctr_ci)), el("td", { class: "num" }, String(r.conversions)),
      el("td", { class: "num" }, pct(r.conversion_rate)), el("td", { class: "num" }, ci(r.conversion_ci))));
  }
  drawChart(rows);
}
$("#r-by").addEventListener("change", loadReport);
$("#r-refresh").addEventListener("click", loadReport);

function drawChart(rows) {
  const box = $("#r-chart");
  box.replaceChildren();
  const data = rows.filter((r) => r.ctr != null);
  if (!data.length) { box.append(el("p", { class: "muted" }, "No impressions yet: fetch decisions and send beacons (see the README).")); return; }
  const NS = "http://www.w3.org/2000/svg";
  const rowH = 26, labelW = 260, plotW = 560, W = labelW + plotW + 130, H = data.length * rowH + 30;
  const max = Math.max(...data.map((r) => r.ctr_ci[1])) * 1.05 || 1;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("width", W);
  svg.setAttribute("height", H);
  const add = (tag, attrs, text) => { const n = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); if (text != null) n.textContent = text; svg.append(n); return n; };
  const x = (v) => labelW + (v / max) * plotW;
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    add("line", { x1: x(v), x2: x(v), y1: 0, y2: H - 24, stroke: "#e3e5ea" });
    add("text", { x: x(v), y: H - 8, "font-size": 11, "text-anchor": "middle", fill: "#6b7280" }, `${(v * 100).toFixed(1)}%`);
  }
  data.forEach((r, i) => {
    const y = i * rowH + 4;
    add("text", { x: labelW - 8, y: y + 15, "font-size": 11, "text-anchor": "end", fill: "#1d2230" }, r.key.length > 38 ? `…${r.key.slice(-37)}` : r.key);
    add("rect", { x: labelW, y, width: Math.max(1, x(r.ctr) - labelW), height: rowH - 8, fill: "#2f6fed", opacity: 0.8, class: "bar" });
    add("line", { x1: x(r.ctr_ci[0]), x2: x(r.ctr_ci[1]), y1: y + (rowH - 8) / 2, y2: y + (rowH - 8) / 2, stroke: "#1d2230", "stroke-width": 1.5 });
    for (const v of r.ctr_ci) add("line", { x1: x(v), x2: x(v), y1: y + 3, y2: y + rowH - 11, stroke: "#1d2230", "stroke-width": 1.5 });
    add("text", { x: x(r.ctr_ci[1]) + 6, y: y + 15, "font-size": 11, fill: "#6b7280" }, `${(r.ctr * 100).toFixed(2)}% (n=${r.impressions})`);
  });
  box.append(svg);
}

start();
