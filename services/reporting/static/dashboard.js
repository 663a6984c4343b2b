// Indicator dashboard of the reporting service. Plain ES2020, no build step, no library: ward offices
// may be offline, and the Content-Security-Policy allows nothing but this origin. Every text reaches
// the page through textContent (never innerHTML), so API data cannot inject markup.
"use strict";

(() => {
  const TOKEN_KEY = "pcmd.reporting.token";
  const PLAN_FIRST = 2026;
  const PLAN_LAST = 2030;
  const PLAN_CODE = `${PLAN_FIRST}-${PLAN_LAST}`;
  const BASIS_POINTS = 10000;
  const SVG_NS = "http://www.w3.org/2000/svg";
  const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const SYMBOL = { at_least: "≥", greater_than: ">", at_most: "≤", equal: "=" };
  const STATE_TEXT = {
    met: ["✓ Đạt", "Met"],
    "not-met": ["✗ Chưa đạt", "Not met"],
    "no-data": ["– Không có dữ liệu", "No data"],
    suppressed: ["Số nhỏ, được ẩn", "Withheld"],
    withheld: ["Không công bố, để không suy ra số nhỏ", "Withheld"],
  };
  const STATUS_TEXT = {
    prepared: ["Đã lập", "Prepared"],
    approved: ["Đã duyệt", "Approved"],
    published: ["Đã công bố", "Published"],
  };
  const EXPORTS = ["xlsx", "csv", "docx"];
  const INTEGER = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });
  // A dropdown changes its value on every arrow key: load (and announce) only once the keys rest.
  const SETTLE_MS = 400;
  // The parts of the page that are reloaded (and dimmed meanwhile) when the choice changes.
  const SECTIONS = ["cards", "trends", "snapshots", "budget", "difficulties", "forecasts"];

  const state = {
    token: null,
    units: [],
    indicators: [],
    scope: null,
    period: null,
    generation: 0,
    controller: null,
    pending: null,
  };

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM helpers

  function fill(node, attrs, children) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.setAttribute("class", value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  const el = (tag, attrs, ...children) => fill(document.createElement(tag), attrs, children);
  const svg = (tag, attrs, ...children) => fill(document.createElementNS(SVG_NS, tag), attrs, children);

  /** Vietnamese first, then the English in a smaller span. */
  const bi = (vi, en) => [vi, " ", el("span", { class: "en", lang: "en" }, `/ ${en}`)];

  function setStatus(status) {
    document.body.dataset.status = status;
  }

  // ---------------------------------------------------------------- formatting

  const pad2 = (n) => String(n).padStart(2, "0");

  // The one rounding of every channel (API, XLSX, CSV, DOCX): half up to one decimal, decimal comma.
  // A ratio arrives in basis points, an integer, so it is rounded in integers, never through a float:
  // 6666 (2/3) is 66,7%, 1225 is 12,3%. The card shows numerator and denominator beside it.
  const tenths = (bp) => Math.floor((Math.max(bp, 0) + 5) / 10);
  const percent = (bp) => {
    const t = tenths(bp);
    return `${INTEGER.format(Math.floor(t / 10))},${t % 10}%`;
  };
  const targetPercent = (bp) => (tenths(bp) % 10 === 0 ? `${INTEGER.format(tenths(bp) / 10)}%` : percent(bp));
  const count = (n) => INTEGER.format(n);

  /** An ISO instant as dd/mm/yyyy hh:mm in Vietnam time (UTC+7, no daylight saving). */
  function localTime(iso) {
    if (!iso) return "—";
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return "—";
    const d = new Date(t + 7 * 3600 * 1000);
    return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} `
      + `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  }

  function valueText(kind, v) {
    if (kind === "ratio") return percent(v.value);
    if (kind === "yes_no") return v.value ? "Có / Yes" : "Chưa / No";
    return count(v.value);
  }

  function targetText(ind) {
    const symbol = SYMBOL[ind.comparison] || ind.comparison;
    if (ind.kind === "ratio") return `${symbol} ${targetPercent(ind.target)}`;
    if (ind.kind === "yes_no") return `${symbol} ${ind.target ? "Có / Yes" : "Chưa / No"}`;
    return `${symbol} ${count(ind.target)}`;
  }

  function stateOf(v) {
    if (!v || v.no_data) return "no-data";
    if (v.suppressed) return "no-data";
    return v.met ? "met" : "not-met";
  }

  // ---------------------------------------------------------------- periods

  const VN_NOW = () => {
    const d = new Date(Date.now() + 7 * 3600 * 1000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
  };
  const inPlan = (year) => year >= PLAN_FIRST && year <= PLAN_LAST;

  function periodType(code) {
    if (code === PLAN_CODE) return "plan_period";
    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(code)) return "month";
    if (/^\d{4}-Q[1-4]$/.test(code)) return "quarter";
    if (/^\d{4}$/.test(code)) return "year";
    return null;
  }

  function validPeriod(code) {
    const type = typeof code === "string" ? periodType(code) : null;
    return type !== null && (type === "plan_period" || inPlan(Number(code.slice(0, 4))));
  }

  /** The first (year, month) of a period; for the plan period, today if inside it. */
  function periodStart(code) {
    const type = periodType(code);
    const year = Number(code.slice(0, 4));
    if (type === "month") return { year, month: Number(code.slice(5)) };
    if (type === "quarter") return { year, month: 3 * (Number(code.slice(6)) - 1) + 1 };
    if (type === "year") return { year, month: 1 };
    const now = VN_NOW();
    return inPlan(now.year) ? now : { year: PLAN_FIRST, month: 1 };
  }

  function periodCode(type, { year, month }) {
    if (type === "month") return `${year}-${pad2(month)}`;
    if (type === "quarter") return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
    if (type === "year") return String(year);
    return PLAN_CODE;
  }

  function defaultPeriod() {
    const now = VN_NOW();
    return inPlan(now.year) ? periodCode("quarter", now) : String(PLAN_FIRST);
  }

  /** The periods of a type, as [code, Vietnamese label, English label]. */
  function periodOptions(type) {
    const options = [];
    if (type === "plan_period") return [[PLAN_CODE, `Giai đoạn ${PLAN_CODE}`, "Plan period"]];
    for (let year = PLAN_FIRST; year <= PLAN_LAST; year += 1) {
      if (type === "year") options.push([String(year), `Năm ${year}`, `Year ${year}`]);
      if (type === "quarter") {
        for (let q = 1; q <= 4; q += 1) options.push([`${year}-Q${q}`, `Quý ${q}/${year}`, `Q${q} ${year}`]);
      }
      if (type === "month") {
        for (let m = 1; m <= 12; m += 1) {
          options.push([`${year}-${pad2(m)}`, `Tháng ${pad2(m)}/${year}`, `${MONTHS_EN[m - 1]} ${year}`]);
        }
      }
    }
    return options;
  }

  function periodLabel(code) {
    const found = periodOptions(periodType(code)).find(([c]) => c === code);
    return found ? [found[1], found[2]] : [code, code];
  }

  /** Trends of a month are shown over its year, so a single point has something to compare with. */
  const trendPeriod = (code) => (periodType(code) === "month" ? code.slice(0, 4) : code);

  // ---------------------------------------------------------------- token

  function saveToken(token) {
    state.token = token;
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (_) {
      // Storage disabled (private mode, policy): the token then lives only as long as the page.
    }
  }

  function storedToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch (_) {
      return null;
    }
  }

  /** Moves a #token=... fragment into sessionStorage and out of the address bar and history. */
  function takeTokenFromFragment() {
    const fragment = location.hash.replace(/^#/, "");
    if (!fragment) return false;
    const params = new URLSearchParams(fragment);
    const token = (params.get("token") || "").trim();
    if (!params.has("token")) return false;
    params.delete("token");
    const rest = params.toString();
    history.replaceState(history.state, "", location.pathname + location.search + (rest ? `#${rest}` : ""));
    if (token) saveToken(token);
    return Boolean(token);
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, title, detail) {
      super(title);
      this.status = status;
      this.title = title;
      this.detail = detail || "";
    }
  }

  async function problemOf(response) {
    let title = `HTTP ${response.status}`;
    let detail = "";
    try {
      const body = await response.json();
      if (body && typeof body.title === "string") title = body.title;
      if (body && typeof body.detail === "string") detail = body.detail;
    } catch (_) {
      // Not JSON (a proxy's error page, say): the status alone has to do.
    }
    return new ApiError(response.status, title, detail);
  }

  async function request(path, params, signal) {
    // Relative to the page, so the dashboard also works behind a proxy that adds a path prefix.
    const url = new URL(path, document.baseURI);
    for (const [key, value] of Object.entries(params || {})) url.searchParams.set(key, value);
    let response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${state.token}`, Accept: "application/json" },
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        signal,
      });
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      throw new ApiError(0, "Không kết nối được máy chủ / Cannot reach the server",
        "Kiểm tra mạng nội bộ rồi tải lại trang. / Check the office network, then reload the page.");
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  const getJson = async (path, params, signal) => (await request(path, params, signal)).json();

  // ---------------------------------------------------------------- messages

  function showMessage(kind, vi, en, detail) {
    const box = $("message");
    box.className = `notice ${kind}`;
    box.replaceChildren(el("strong", {}, bi(vi, en)));
    if (detail) box.append(el("span", { class: "detail" }, detail));
    box.hidden = false;
  }

  function clearMessage() {
    $("message").hidden = true;
    $("message").replaceChildren();
  }

  function showAuth() {
    $("auth").hidden = false;
    $("content").hidden = true;
    $("forget").hidden = true;
    setStatus("auth");
  }

  /** Says what went wrong; on 401 and 403 asks for another token. Returns true if it was handled. */
  function reportError(err) {
    if (err && err.name === "AbortError") return true;
    if (err instanceof ApiError && err.status === 401) {
      saveToken(null);
      showAuth();
      showMessage("error", "Mã truy cập không hợp lệ hoặc đã hết hạn. Hãy dán mã mới.",
        "The access token is invalid or has expired. Paste a new one.");
      return true;
    }
    if (err instanceof ApiError && err.status === 403) {
      showMessage("error", "Tài khoản này không có quyền xem số liệu này.",
        "This account is not allowed to see these figures.", err.detail);
      return true;
    }
    if (err instanceof ApiError) {
      showMessage("error", "Không tải được số liệu.", "Could not load the figures.",
        [err.title, err.detail].filter(Boolean).join(" — "));
      return true;
    }
    showMessage("error", "Đã xảy ra lỗi trên trang.", "Something went wrong on the page.", String(err));
    return false;
  }

  // ---------------------------------------------------------------- selection and URL

  function unitLabel(unit) {
    return unit ? `${unit.name_vi} / ${unit.name_en}` : "";
  }

  function defaultScope() {
    const wards = state.units.filter((u) => u.level === "ward");
    // A ward officer sees one ward (maybe with its city): their own ward is what they came for.
    return (wards.length === 1 ? wards[0] : state.units[0]).code;
  }

  function readSelectionFromUrl() {
    const params = new URLSearchParams(location.search);
    const scope = params.get("scope");
    const period = params.get("period");
    state.scope = state.units.some((u) => u.code === scope) ? scope : defaultScope();
    state.period = validPeriod(period) ? period : defaultPeriod();
  }

  function writeUrl(push) {
    const params = new URLSearchParams(location.search);
    params.set("scope", state.scope);
    params.set("period", state.period);
    const url = `${location.pathname}?${params.toString()}`;
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }

  function renderSelector() {
    $("scope").replaceChildren(...state.units.map((u) => el("option", { value: u.code }, unitLabel(u))));
    $("scope").value = state.scope;
    const type = periodType(state.period);
    $("period-type").value = type;
    $("period").replaceChildren(...periodOptions(type).map(([code, vi, en]) => el("option", { value: code },
      `${vi} / ${en}`)));
    $("period").value = state.period;
  }

  function onSelectionChange(event) {
    if (event.target.id === "scope") state.scope = event.target.value;
    if (event.target.id === "period-type") {
      state.period = periodCode(event.target.value, periodStart(state.period));
      renderSelector(); // another list of periods
    }
    if (event.target.id === "period") state.period = event.target.value;
    // The old figures are dimmed at once; the new ones are fetched (and announced) when the keys rest.
    for (const id of SECTIONS) $(id).setAttribute("aria-busy", "true");
    clearTimeout(state.pending);
    state.pending = setTimeout(() => {
      writeUrl(true);
      loadFigures(true);
    }, SETTLE_MS);
  }

  // ---------------------------------------------------------------- indicator cards

  function card(ind, v) {
    const st = stateOf(v);
    const suppressed = Boolean(v && v.suppressed);
    const [badgeVi, badgeEn] = STATE_TEXT[suppressed ? (v.complement ? "withheld" : "suppressed") : st];
    let value = "—";
    // A complement (withheld so that a small count cannot be recomputed) is not itself small: no "<5".
    if (suppressed) value = v.complement ? "—" : v.value_vi || "<5";
    else if (v && !v.no_data) value = valueText(ind.kind, v);

    // Numerator and denominator as two labelled figures: a "5 / 11" next to "vi / en" labels misreads.
    let figures = null;
    if (v && !suppressed) {
      const part = (vi, en, n) => el("div", {}, el("dt", {}, bi(vi, en)), el("dd", {}, count(n)));
      figures = el("dl", { class: "figures" },
        ind.kind === "count" ? part("Số đếm", "Count", v.numerator)
          : [part("Tử số", "Numerator", v.numerator), part("Mẫu số", "Denominator", v.denominator)]);
    }

    const nameId = `card-${ind.code}-name`;
    return el("article", {
      class: `card ${st}`,
      "data-indicator": ind.code,
      "data-state": st,
      "data-suppressed": suppressed ? "true" : null,
      "aria-labelledby": nameId,
    },
    el("div", { class: "card-top" },
      el("span", { class: "clause", title: ind.section_vi || null }, ind.clause || ""),
      el("span", { class: "badge" }, bi(badgeVi, badgeEn))),
    el("h3", { id: nameId, class: "name-vi" }, ind.name_vi),
    el("p", { class: "name-en", lang: "en" }, ind.name_en),
    el("p", { class: "value", "data-value": "" }, value),
    figures,
    el("p", { class: "target" }, el("span", { class: "label" }, bi("Chỉ tiêu", "Target"), ": "),
      // the target the value was assessed against: the one set for this unit and year, if any
      el("strong", {}, targetText(v ? { ...ind, target: v.target } : ind))),
    el("details", {},
      el("summary", {}, bi("Cách tính", "How it is computed")),
      el("dl", {},
        el("dt", {}, bi("Tử số", "Numerator")),
        el("dd", {}, ind.numerator_vi, el("span", { class: "en", lang: "en" }, ind.numerator_en)),
        el("dt", {}, bi("Mẫu số", "Denominator")),
        el("dd", {}, ind.denominator_vi, el("span", { class: "en", lang: "en" }, ind.denominator_en)))));
  }

  function renderValues(data) {
    const byCode = new Map((data.indicators || []).map((v) => [v.code, v]));
    $("cards").replaceChildren(...state.indicators.map((ind) => card(ind, byCode.get(ind.code))));
    const unit = state.units.find((u) => u.code === data.scope);
    const wards = (data.ward_codes || []).length;
    $("period-label").textContent = [
      data.period ? `${data.period.label_vi} / ${data.period.label_en}` : state.period,
      unitLabel(unit) || data.scope,
      wards > 1 ? `${wards} phường / wards` : null,
    ].filter(Boolean).join(" · ");
    // A period not yet ended is counted as of now: what is not yet due is not counted as failed.
    const asOf = data.as_of ? `Tính đến / As of ${localTime(data.as_of)} (kỳ chưa kết thúc / period not ended) · ` : "";
    $("computed").textContent = `${asOf}Tính lúc / Computed at ${localTime(data.computed_at)} · `
      + `Mã băm nội dung / Content hash ${(data.content_hash || "").slice(0, 16)}…`;
  }

  // ---------------------------------------------------------------- trend charts

  const W = 320;
  const H = 176;
  const PAD = { left: 42, right: 10, top: 14, bottom: 30 };
  const PLOT_W = W - PAD.left - PAD.right;
  const PLOT_H = H - PAD.top - PAD.bottom;

  function monthTick(months, i) {
    const code = months[i].period || "";
    const month = Number(code.slice(5, 7));
    if (months.length <= 12) return `T${month}`;
    return month === 1 ? code.slice(0, 4) : null; // a 60-month chart names only each January
  }

  function axes(months, top, format) {
    const band = PLOT_W / Math.max(months.length, 1);
    const parts = [];
    for (const fraction of [0, 0.5, 1]) {
      const y = PAD.top + PLOT_H * (1 - fraction);
      parts.push(svg("line", { class: "grid", x1: PAD.left, x2: W - PAD.right, y1: y, y2: y }));
      parts.push(svg("text", { class: "tick", x: PAD.left - 5, y: y + 4, "text-anchor": "end" },
        format(top * fraction)));
    }
    months.forEach((_, i) => {
      const label = monthTick(months, i);
      if (label === null) return;
      const x = PAD.left + band * (i + 0.5);
      const current = months[i].period === state.period; // a chosen month stands out in its year
      parts.push(svg("text", { class: current ? "tick current" : "tick", x, y: H - PAD.bottom + 16,
        "text-anchor": "middle" }, label));
    });
    return parts;
  }

  function targetLine(y, label) {
    return svg("line", { class: "target", x1: PAD.left, x2: W - PAD.right, y1: y, y2: y },
      svg("title", {}, label));
  }

  function noDataNote(any) {
    return any ? null : svg("text", { class: "empty", x: PAD.left + PLOT_W / 2, y: PAD.top + PLOT_H / 2,
      "text-anchor": "middle" }, "Không có dữ liệu / No data");
  }

  function chartShell(ind, kindLabel, summary, body) {
    const titleId = `trend-${ind.code}-title`;
    const descId = `trend-${ind.code}-desc`;
    return svg("svg", {
      class: "chart",
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "data-trend": ind.code,
      "aria-labelledby": `${titleId} ${descId}`,
    },
    svg("title", { id: titleId }, `${kindLabel}: ${ind.name_vi} / ${ind.name_en}`),
    svg("desc", { id: descId }, summary),
    body);
  }

  /** What a chart's description says of a month: its figure, withheld, not begun or no data. */
  function monthNote(month, v, figure) {
    if (month.started === false) return "chưa đến / not yet begun";
    if (figure !== null) return month.as_of ? `${figure} (tính đến / as of ${localTime(month.as_of)})` : figure;
    if (v && v.suppressed) return v.complement ? "không công bố / withheld" : v.value_vi || "<5";
    return "không có dữ liệu / no data";
  }

  function ratioChart(ind, months) {
    const band = PLOT_W / Math.max(months.length, 1);
    const y = (bp) => PAD.top + PLOT_H * (1 - Math.min(Math.max(bp, 0), BASIS_POINTS) / BASIS_POINTS);
    const points = months.map((m, i) => {
      const v = (m.indicators || []).find((x) => x.code === ind.code);
      const usable = v && !v.no_data && !v.suppressed;
      return { m, v, usable, x: PAD.left + band * (i + 0.5), y: usable ? y(v.value) : null };
    });
    // The line breaks over months without data rather than drawing a slope nobody measured.
    let d = "";
    let open = false;
    for (const p of points) {
      if (!p.usable) {
        open = false;
        continue;
      }
      d += `${open ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)} `;
      open = true;
    }
    const target = `Chỉ tiêu / Target ${targetText(ind)}`;
    const summary = [target].concat(points.map((p) => `${p.m.label_vi}: ${monthNote(p.m, p.v, p.usable
      ? percent(p.v.value) : null)}`)).join("; ");
    return chartShell(ind, "Xu hướng theo tháng / Monthly trend", summary, [
      axes(months, BASIS_POINTS, (bp) => `${Math.round(bp / 100)}%`),
      targetLine(y(ind.target), target),
      d ? svg("path", { class: "series", d: d.trim() }) : null,
      points.filter((p) => p.usable).map((p) => svg("circle", {
        class: `point ${p.v.met ? "met" : "not-met"}`, cx: p.x.toFixed(1), cy: p.y.toFixed(1),
        r: months.length > 24 ? 2.2 : 3.5,
      }, svg("title", {}, `${p.m.label_vi} / ${p.m.label_en}: ${percent(p.v.value)} `
        + `(${count(p.v.numerator)}/${count(p.v.denominator)}) — ${p.v.met ? "Đạt / Met" : "Chưa đạt / Not met"}`))),
      noDataNote(points.some((p) => p.usable)),
    ]);
  }

  function countChart(ind, months) {
    const band = PLOT_W / Math.max(months.length, 1);
    const values = months.map((m) => (m.indicators || []).find((x) => x.code === ind.code));
    const top = Math.max(1, ind.target, ...values.map((v) => (v && !v.suppressed ? v.value : 0)));
    const y = (n) => PAD.top + PLOT_H * (1 - n / top);
    const width = Math.max(band * 0.6, 1);
    const bars = [];
    values.forEach((v, i) => {
      if (!v || v.suppressed) return;
      const x = PAD.left + band * (i + 0.5);
      const h = Math.max(PAD.top + PLOT_H - y(v.value), v.value > 0 ? 1 : 0);
      const label = `${months[i].label_vi} / ${months[i].label_en}: ${count(v.value)} — `
        + `${v.met ? "Đạt / Met" : "Chưa đạt / Not met"}`;
      bars.push(svg("rect", {
        class: `bar ${v.met ? "met" : "not-met"}`, x: (x - width / 2).toFixed(1), y: (PAD.top + PLOT_H - h).toFixed(1),
        width: width.toFixed(1), height: h.toFixed(1),
      }, svg("title", {}, label)));
      // A zero is a result too (no hotspot): mark it so an empty month is not mistaken for missing data.
      if (months.length <= 12) {
        bars.push(svg("text", { class: "bar-label", x: x.toFixed(1), y: (PAD.top + PLOT_H - h - 4).toFixed(1),
          "text-anchor": "middle" }, count(v.value)));
      }
    });
    const target = `Chỉ tiêu / Target ${targetText(ind)}`;
    const summary = [target].concat(values.map((v, i) => `${months[i].label_vi}: ${monthNote(months[i], v,
      v && !v.suppressed ? count(v.value) : null)}`)).join("; ");
    return chartShell(ind, "Theo tháng / By month", summary, [
      axes(months, top, (n) => (Number.isInteger(n) ? count(n) : "")),
      bars,
      targetLine(y(ind.target), target),
      noDataNote(values.some(Boolean)),
    ]);
  }

  function renderTrends(data) {
    const months = data.months || [];
    const charted = state.indicators.filter((ind) => ind.kind === "ratio" || ind.kind === "count");
    $("trends").replaceChildren(...charted.map((ind) => el("figure", { class: "trend" },
      el("figcaption", {}, el("span", { class: "name-vi" }, ind.name_vi),
        el("span", { class: "name-en", lang: "en" }, ind.name_en)),
      ind.kind === "ratio" ? ratioChart(ind, months) : countChart(ind, months))));
    const p = data.period;
    $("trend-label").textContent = p ? `${p.label_vi} / ${p.label_en}` : "";
  }

  // ---------------------------------------------------------------- forecasts

  // A forecast is drawn apart from the counts: dashed, over its band, after a line marked "Dự báo".
  // Its figures arrive rounded once by the API (tenths, half up); tenths only place points here.
  const FORECAST_HISTORY = 9; // months of counts drawn before the forecast (the table names the years)
  const forecastTick = (code) => `T${Number(code.slice(5, 7))}`;
  const monthYear = (code) => `${code.slice(5, 7)}/${code.slice(0, 4)}`;

  function forecastSummary(name, data) {
    const counted = data.history.slice(-FORECAST_HISTORY).map((m) => `${m.label_vi}: ${count(m.value)}`);
    const parts = [`Đã đếm / Counted — ${counted.join("; ") || "không có / none"}`];
    if (!data.method) {
      parts.push("Chưa đủ số tháng để dự báo / Too few months to forecast");
    } else {
      parts.push(`Dự báo, không phải số liệu / Forecast, not data — ${data.months.map((m) => `${m.label_vi}: `
        + `${m.value_vi} (khoảng / band ${m.low_vi}–${m.high_vi})`).join("; ")}`);
      parts.push(`Phương pháp / Method: ${data.method_vi} / ${data.method_en}`);
      parts.push(`Sai số kiểm tra / Back-tested error (MAE) ${data.mae_vi} trên ${data.held_out_months} tháng `
        + `giữ lại / over ${data.held_out_months} held-out months`);
    }
    return `${name}. ${parts.join(". ")}.`;
  }

  function forecastChart(key, nameVi, nameEn, data) {
    const history = data.history.slice(-FORECAST_HISTORY);
    const ahead = data.months || [];
    const slots = history.length + ahead.length;
    const band = PLOT_W / Math.max(slots, 1);
    const x = (i) => PAD.left + band * (i + 0.5);
    const top = Math.max(1, ...history.map((m) => m.value), ...ahead.map((m) => m.high_tenths / 10));
    const y = (n) => PAD.top + PLOT_H * (1 - n / top);
    const titleId = `forecast-${key}-title`;
    const descId = `forecast-${key}-desc`;
    const parts = [];
    for (const fraction of [0, 0.5, 1]) {
      const gy = PAD.top + PLOT_H * (1 - fraction);
      parts.push(svg("line", { class: "grid", x1: PAD.left, x2: W - PAD.right, y1: gy, y2: gy }));
      const n = top * fraction;
      parts.push(svg("text", { class: "tick", x: PAD.left - 5, y: gy + 4, "text-anchor": "end" },
        Number.isInteger(n) ? count(n) : ""));
    }
    [...history, ...ahead].forEach((m, i) => {
      parts.push(svg("text", { class: ahead.includes(m) ? "tick ahead" : "tick", x: x(i), y: H - PAD.bottom + 16,
        "text-anchor": "middle" }, forecastTick(m.period)));
    });
    const counted = history.map((m, i) => `${i ? "L" : "M"}${x(i).toFixed(1)} ${y(m.value).toFixed(1)}`);
    if (counted.length) parts.push(svg("path", { class: "series", d: counted.join(" ") }));
    history.forEach((m, i) => parts.push(svg("circle", { class: "point counted", cx: x(i).toFixed(1),
      cy: y(m.value).toFixed(1), r: 2.5 }, svg("title", {}, `${m.label_vi} / ${m.label_en}: ${count(m.value)}`))));
    if (data.method && ahead.length) {
      const edge = x(history.length - 0.5);
      parts.push(svg("line", { class: "forecast-edge", x1: edge, x2: edge, y1: PAD.top, y2: PAD.top + PLOT_H }));
      parts.push(svg("text", { class: "forecast-label", x: W - PAD.right, y: PAD.top - 4, "text-anchor": "end" },
        "Dự báo / Forecast →"));
      const last = history.length ? [[x(history.length - 1), y(history[history.length - 1].value)]] : [];
      const high = last.concat(ahead.map((m, k) => [x(history.length + k), y(m.high_tenths / 10)]));
      const low = last.concat(ahead.map((m, k) => [x(history.length + k), y(m.low_tenths / 10)])).reverse();
      const poly = high.concat(low).map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ");
      parts.push(svg("polygon", { class: "band", points: poly }));
      const line = last.concat(ahead.map((m, k) => [x(history.length + k), y(m.value_tenths / 10)]));
      parts.push(svg("path", { class: "forecast", d: line.map(([px, py], i) => `${i ? "L" : "M"}${px.toFixed(1)} `
        + `${py.toFixed(1)}`).join(" ") }));
      ahead.forEach((m, k) => parts.push(svg("circle", { class: "point forecast", cx: x(history.length + k).toFixed(1),
        cy: y(m.value_tenths / 10).toFixed(1), r: 3 }, svg("title", {}, `Dự báo / Forecast ${m.label_vi} / `
        + `${m.label_en}: ${m.value_vi} (${m.low_vi}–${m.high_vi})`))));
    }
    return svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "data-forecast": key,
      "aria-labelledby": `${titleId} ${descId}` },
    svg("title", { id: titleId }, `Dự báo / Forecast: ${nameVi} / ${nameEn}`),
    svg("desc", { id: descId }, forecastSummary(`${nameVi} / ${nameEn}`, data)),
    parts);
  }

  function forecastFacts(data) {
    if (!data.method) {
      return el("p", { class: "forecast-facts none" }, bi(`Chưa đủ số tháng để dự báo (${data.history_months} tháng).`,
        `Too few months to forecast (${data.history_months}).`));
    }
    const rows = data.months.map((m) => el("tr", {},
      el("th", { scope: "row" }, monthYear(m.period)),
      el("td", {}, m.value_vi),
      el("td", {}, `${m.low_vi}–${m.high_vi}`),
      el("td", {}, m.mae_vi)));
    return el("div", { class: "forecast-facts" },
      el("p", {}, el("strong", {}, bi("Phương pháp", "Method"), ": "), `${data.method_vi} `,
        el("span", { class: "en", lang: "en" }, `/ ${data.method_en}`)),
      el("p", { "data-mae": data.mae_vi }, el("strong", {}, bi("Sai số kiểm tra (MAE)", "Back-tested error"), ": "),
        data.mae_vi, " ", el("span", { class: "en" }, bi(`trên ${data.held_out_months} tháng giữ lại`,
          `over ${data.held_out_months} held-out months`))),
      el("table", { class: "forecast-table" },
        el("caption", { class: "visually-hidden" }, "Dự báo từng tháng / Forecast by month"),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, bi("Tháng", "Month")),
          el("th", { scope: "col" }, bi("Dự báo", "Forecast")),
          el("th", { scope: "col" }, bi("Khoảng", "Band")),
          el("th", { scope: "col" }, bi("Sai số", "MAE")))),
        el("tbody", {}, rows)));
  }

  function forecastFigure(key, nameVi, nameEn, data) {
    return el("figure", { class: "trend forecast-figure", "data-forecast-series": key },
      el("figcaption", {}, el("span", { class: "name-vi" }, `${nameVi} — dự báo`),
        el("span", { class: "name-en", lang: "en" }, `${nameEn} — forecast`)),
      forecastChart(key, nameVi, nameEn, data),
      forecastFacts(data));
  }

  function renderForecasts([indicators, tips]) {
    const figures = indicators.map((data) => {
      const ind = state.indicators.find((i) => i.code === data.code) || { name_vi: data.code, name_en: data.code };
      return forecastFigure(data.code, ind.name_vi, ind.name_en, data);
    });
    // Every tip, then each kind that has been received at all (an empty kind would only forecast zero).
    for (const series of tips.series || []) {
      if (series.kind !== "all" && !series.history.some((m) => m.value > 0)) continue;
      figures.push(forecastFigure(`tips-${series.kind}`, `Tin nhận được: ${series.label_vi}`,
        `Tips received: ${series.label_en}`, series));
    }
    $("forecasts").replaceChildren(...figures);
    $("forecast-label").textContent = `Tính lúc / Computed at ${localTime(tips.computed_at)}`;
  }

  async function loadForecasts(signal) {
    const counts = state.indicators.filter((ind) => ind.kind === "count");
    const query = { scope: state.scope, months: 3 };
    return Promise.all([
      Promise.all(counts.map((ind) => getJson(`v1/indicators/${encodeURIComponent(ind.code)}/forecast`, query,
        signal))),
      getJson("v1/tips/forecast", query, signal),
    ]);
  }

  // ---------------------------------------------------------------- budget and difficulties

  // Shown to those allowed to see them: a refusal (403) hides the panel, it is not an error.
  const FORBIDDEN = Symbol("forbidden");
  const allowedOnly = (promise) => promise.catch((err) => {
    if (err instanceof ApiError && err.status === 403) return FORBIDDEN;
    throw err;
  });
  const VND = (n) => INTEGER.format(n); // the panel says the unit once: đồng
  const budgetPeriod = (code) => (periodType(code) === "plan_period" ? PLAN_CODE : code.slice(0, 4));

  function renderBudget(data) {
    $("budget-panel").hidden = data === FORBIDDEN;
    if (data === FORBIDDEN) return;
    $("budget-label").textContent = [data.period ? `${data.period.label_vi} / ${data.period.label_en}` : null,
      "Đơn vị tính: đồng / Amounts in VND"].filter(Boolean).join(" · ");
    const groups = data.by_source || [];
    if (!groups.length) {
      $("budget").replaceChildren(el("p", { class: "empty" }, bi("Chưa có dòng dự toán nào cho kỳ này.",
        "No estimate line for this period.")));
      return;
    }
    const row = (label, a, total) => el("tr", total ? { class: "total" } : {},
      el("th", { scope: "row" }, label),
      el("td", { class: "num" }, VND(a.estimate)),
      el("td", { class: "num" }, VND(a.allocated)),
      el("td", { class: "num" }, VND(a.spent)),
      el("td", { class: "num" }, a.spent_of_estimate_vi));
    // A table wider than the panel scrolls: from the keyboard too (focusable, named region).
    $("budget").replaceChildren(el("div", { class: "table-wrap", tabindex: 0, role: "region",
      "aria-label": "Bảng kinh phí theo nguồn / Budget by funding source" }, el("table", { id: "budget-table" },
      el("caption", { class: "visually-hidden" }, "Kinh phí theo nguồn / Budget by funding source"),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, bi("Nguồn", "Source")),
        el("th", { scope: "col" }, bi("Dự toán", "Estimate")),
        el("th", { scope: "col" }, bi("Đã cấp", "Allocated")),
        el("th", { scope: "col" }, bi("Đã chi", "Spent")),
        el("th", { scope: "col" }, bi("Chi / dự toán", "Spent of estimate")))),
      el("tbody", {}, groups.map((g) => row(bi(g.label_vi, g.label_en), g, false)),
        row(bi("Tổng cộng", "Total"), data.total, true)))));
  }

  function renderDifficulties(data) {
    $("difficulties-panel").hidden = data === FORBIDDEN;
    $("plan-panels").hidden = data === FORBIDDEN && $("budget-panel").hidden;
    if (data === FORBIDDEN) return;
    const items = (data.items || []).slice().sort((a, b) => (a.raised_at < b.raised_at ? 1 : -1));
    if (!items.length) {
      $("difficulties").replaceChildren(el("p", { class: "empty" }, bi("Không có khó khăn, đề xuất nào đang mở.",
        "No difficulty or proposal is open.")));
      return;
    }
    $("difficulties").replaceChildren(...[
      el("p", { class: "meta", "data-open": items.length }, bi(`${count(items.length)} đang mở`,
        `${count(items.length)} open`)),
      el("ul", { class: "difficulty-list" }, items.slice(0, 8).map((d) => el("li", { "data-difficulty": d.difficulty_id },
        el("span", { class: `kind ${d.kind}` }, bi(d.kind_vi, d.kind_en)),
        el("strong", { class: "title" }, d.title),
        el("span", { class: "meta" }, `${d.unit_code.toUpperCase()} · ${d.area_vi} / ${d.area_en} · `
          + `${localTime(d.raised_at).slice(0, 10)}`)))),
      items.length > 8 ? el("p", { class: "meta" }, bi(`và ${items.length - 8} mục khác`,
        `and ${items.length - 8} more`)) : null,
    ].filter(Boolean));
  }

  // ---------------------------------------------------------------- snapshots and downloads

  function filenameFrom(response, snapshot, ext) {
    const header = response.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    const plain = /filename="?([^";]+)"?/i.exec(header);
    let name = "";
    try {
      name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : "";
    } catch (_) {
      name = "";
    }
    if (!name) name = `pcmd-${snapshot.scope}-${(snapshot.period && snapshot.period.code) || ""}-${snapshot.id}.${ext}`;
    return name.replace(/[^\w.-]+/g, "_"); // no path separators or odd characters in a saved file name
  }

  async function download(event, snapshot, ext, link) {
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    try {
      const path = `v1/snapshots/${encodeURIComponent(snapshot.id)}/export.${ext}`;
      const response = await request(path, null, undefined);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const anchor = el("a", { href: url, download: filenameFrom(response, snapshot, ext), hidden: true });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30000); // after the browser has taken the file
    } catch (err) {
      reportError(err);
    } finally {
      link.removeAttribute("aria-busy");
    }
  }

  function byWhen(name, iso) {
    if (!iso) return "—";
    return name ? [el("span", { class: "who" }, name), el("br"), localTime(iso)] : localTime(iso);
  }

  function snapshotRow(s) {
    const [vi, en] = STATUS_TEXT[s.status] || [s.status, s.status];
    const links = EXPORTS.map((ext) => {
      const link = el("a", {
        href: `v1/snapshots/${encodeURIComponent(s.id)}/export.${ext}`,
        class: "export",
        "data-export": ext,
        "aria-label": `Tải ${ext.toUpperCase()} / Download ${ext.toUpperCase()}`,
      }, ext.toUpperCase());
      link.addEventListener("click", (event) => download(event, s, ext, link));
      return link;
    });
    return el("tr", { "data-snapshot": s.id, "data-status": s.status },
      el("td", {}, s.period ? bi(s.period.label_vi, s.period.label_en) : "",
        s.as_of ? el("span", { class: "as-of" }, bi(`tính đến ${localTime(s.as_of)}`, `as of ${localTime(s.as_of)}`))
          : null),
      el("td", {}, el("span", { class: `status ${s.status}` }, bi(vi, en))),
      // people by name and title (or their unit), never a technical id
      el("td", {}, byWhen(s.prepared_by_name || null, s.prepared_at || s.computed_at)),
      el("td", {}, byWhen(s.approved_by_name || null, s.approved_at)),
      el("td", {}, byWhen(null, s.published_at)),
      el("td", {}, el("code", { title: s.content_hash || "" }, `${(s.content_hash || "").slice(0, 12)}…`)),
      el("td", { class: "exports" }, links));
  }

  function renderSnapshots(data) {
    const items = data.items || [];
    $("snapshot-rows").replaceChildren(...(items.length ? items.map(snapshotRow) : [
      el("tr", {}, el("td", { colspan: 7, class: "empty" },
        bi("Chưa có bản chốt số liệu nào cho đơn vị và kỳ này.", "No snapshot is stored for this unit and period."))),
    ]));
  }

  function sectionError(containerId, err, row) {
    const text = bi("Không tải được phần này.", `This part could not be loaded (${err.title || err}).`);
    const note = row ? el("tr", {}, el("td", { colspan: 7, class: "section-error" }, text))
      : el("p", { class: "section-error" }, text);
    $(containerId).replaceChildren(note);
  }

  // ---------------------------------------------------------------- loading

  /** Says, once, in the live region, which figures are now shown (the cards themselves are not live). */
  function announce(text) {
    $("announce").replaceChildren(...text);
  }

  async function loadFigures(announceLoaded) {
    const generation = ++state.generation;
    if (state.controller) state.controller.abort();
    state.controller = new AbortController();
    const { signal } = state.controller;
    setStatus("loading");
    clearMessage();
    for (const id of SECTIONS) $(id).setAttribute("aria-busy", "true");
    const query = { scope: state.scope, period: state.period };
    const results = await Promise.allSettled([
      getJson("v1/indicators/values", query, signal),
      getJson("v1/indicators/trend", { scope: state.scope, period: trendPeriod(state.period) }, signal),
      getJson("v1/snapshots", query, signal),
      allowedOnly(getJson("v1/budget/execution", { period: budgetPeriod(state.period) }, signal)),
      allowedOnly(getJson("v1/difficulties", { status: "open" }, signal)),
      loadForecasts(signal),
    ]);
    if (generation !== state.generation) return; // a newer choice superseded this one
    const renderers = [
      [renderValues, "cards", false],
      [renderTrends, "trends", false],
      [renderSnapshots, "snapshot-rows", true],
      [renderBudget, "budget", false],
      [renderDifficulties, "difficulties", false],
      [renderForecasts, "forecasts", false],
    ];
    const failures = [];
    results.forEach((result, i) => {
      const [render, container, row] = renderers[i];
      if (result.status === "fulfilled") {
        try {
          render(result.value);
        } catch (err) {
          failures.push(err);
          sectionError(container, err, row);
        }
      } else {
        failures.push(result.reason);
        sectionError(container, result.reason, row);
      }
    });
    for (const id of SECTIONS) $(id).removeAttribute("aria-busy");
    if (failures.length) reportError(failures.find((e) => e instanceof ApiError && e.status === 401) || failures[0]);
    if (!$("auth").hidden) return;
    if (announceLoaded && !failures.length) {
      const [vi, en] = periodLabel(state.period);
      announce(bi(`Đã tải số liệu: ${vi}`, `Figures loaded: ${en}`));
    }
    setStatus(failures.length ? "error" : "ready");
  }

  async function start() {
    setStatus("loading");
    clearMessage();
    $("auth").hidden = true;
    $("forget").hidden = false;
    let units;
    let catalogue;
    try {
      [units, catalogue] = await Promise.all([getJson("v1/org-units"), getJson("v1/indicators")]);
    } catch (err) {
      reportError(err);
      if ($("auth").hidden) setStatus("error");
      return;
    }
    state.units = units.items || [];
    state.indicators = catalogue.items || [];
    if (!state.units.length) {
      showMessage("error", "Tài khoản này không được xem đơn vị nào.", "This account may not see any unit.");
      setStatus("error");
      return;
    }
    readSelectionFromUrl();
    renderSelector();
    writeUrl(false);
    $("content").hidden = false;
    await loadFigures();
  }

  function init() {
    takeTokenFromFragment();
    state.token = state.token || storedToken();
    $("selector").addEventListener("change", onSelectionChange);
    $("selector").addEventListener("submit", (event) => event.preventDefault());
    $("auth-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = $("token-input").value.trim();
      $("token-input").value = "";
      if (!token) return;
      saveToken(token);
      start();
    });
    $("forget").addEventListener("click", () => {
      saveToken(null);
      if (state.controller) state.controller.abort();
      clearMessage();
      showAuth();
      $("token-input").focus();
    });
    window.addEventListener("popstate", () => {
      if (!state.units.length) return;
      readSelectionFromUrl();
      renderSelector();
      loadFigures(true);
    });
    window.addEventListener("hashchange", () => {
      if (takeTokenFromFragment()) start();
    });
    if (state.token) start();
    else showAuth();
  }

  init();
})();
