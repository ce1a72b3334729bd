// Charts of the monitoring page. Every bar opens the rows behind it; figures refresh every 30 s.
(function () {
  "use strict";
  const root = document.getElementById("dash");
  if (!root || !window.echarts) return;
  const api = root.dataset.api;
  const drill = root.dataset.drill;
  const base = { region: root.dataset.region, period: root.dataset.period, campaign: root.dataset.campaign, document: root.dataset.document };
  const charts = {};
  // Tooltips drawn on the canvas: ECharts' HTML tooltips carry inline styles, which the
  // Content-Security-Policy refuses.
  const TOOLTIP = { trigger: "axis", renderMode: "richText" };

  function qs(extra) {
    const p = new URLSearchParams();
    Object.entries(Object.assign({}, base, extra || {})).forEach(([k, v]) => { if (v !== "" && v != null) p.set(k, v); });
    return p.toString();
  }
  function chart(id) {
    const el = typeof id === "string" ? document.getElementById(id) : id;
    if (!el) return null;
    const key = el.id || el.dataset.panel;
    charts[key] = charts[key] || echarts.init(el);
    return charts[key];
  }
  function getJSON(path, extra) {
    return fetch(api + path + "?" + qs(extra), { credentials: "same-origin" }).then((r) => r.ok ? r.json() : Promise.reject(r));
  }
  function bars(el, rows, onClick, valueKey, unit) {
    const c = chart(el);
    if (!c) return;
    c.setOption({
      tooltip: TOOLTIP,
      grid: { left: 40, right: 10, bottom: 80, top: 20 },
      xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { rotate: 40, interval: 0 } },
      yAxis: { type: "value", max: unit === "%" ? 100 : null },
      series: [{ type: "bar", data: rows.map(valueKey), itemStyle: { color: "#1756a9" } }],
    }, true);
    c.off("click");
    c.on("click", (p) => onClick(rows[p.dataIndex]));
  }
  const pct = (r) => (r.rate == null ? 0 : Math.round(r.rate * 1000) / 10);

  function loadAttainment() {
    getJSON("attainment").then((d) => {
      bars("chart-indicator", d.by_indicator, (r) => { location.href = drill + "?" + qs({ figure: "attainment", indicator: r.id }); }, pct, "%");
      bars("chart-region", d.by_region, (r) => { location.href = drill + "?" + qs({ figure: "attainment", only_region: r.id }); }, pct, "%");
    });
  }
  function loadTrend() {
    const sel = document.getElementById("trend-indicator");
    if (!sel || !sel.value) return;
    getJSON("trend", { indicator: sel.value }).then((d) => {
      const c = chart("chart-trend");
      const lines = [];
      if (d.target_value != null) lines.push({ yAxis: d.target_value, name: "目标", lineStyle: { color: "#2e7d32" } });
      if (d.warning_value != null) lines.push({ yAxis: d.warning_value, name: "预警", lineStyle: { color: "#c62828" } });
      c.setOption({
        tooltip: TOOLTIP,
        grid: { left: 50, right: 40, bottom: 30, top: 20 },
        xAxis: { type: "category", data: d.points.map((p) => p.period) },
        yAxis: { type: "value", name: d.unit_of_measure, scale: true },
        series: [{ type: "line", data: d.points.map((p) => p.value), markLine: { symbol: "none", data: lines } }],
      }, true);
      c.off("click");
      c.on("click", (p) => { location.href = drill + "?" + qs({ figure: "attainment", indicator: d.indicator_id, period: d.points[p.dataIndex].period }); });
    });
  }
  function loadWarnings() {
    getJSON("warnings").then((d) => {
      bars("chart-warnings", d.by_unit, (r) => { location.href = drill + "?" + qs({ figure: "warnings", unit: r.id }); }, (r) => r.n);
    });
  }
  function loadPanels() {
    document.querySelectorAll(".panel-chart").forEach((el) => {
      const code = el.dataset.panel;
      getJSON("panels/" + encodeURIComponent(code)).then((d) => {
        if (!d.available || !d.categories.length) { el.outerHTML = '<p class="empty">暂无数据</p>'; return; }
        const c = chart(el);
        c.setOption({
          tooltip: TOOLTIP, legend: {},
          grid: { left: 40, right: 10, bottom: 80, top: 30 },
          xAxis: { type: "category", data: d.categories, axisLabel: { rotate: 40, interval: 0 } },
          yAxis: { type: "value" },
          series: d.series.map((s) => ({ type: "bar", stack: s.stack, name: s.name, data: s.data, itemStyle: s.color ? { color: s.color } : undefined })),
        }, true);
        c.off("click");
        c.on("click", (p) => { location.href = drill + "?" + qs({ figure: "panel:" + code, key: d.keys[p.dataIndex] || "" }); });
      });
    });
  }
  function loadAll() { loadAttainment(); loadTrend(); loadWarnings(); loadPanels(); }
  document.getElementById("trend-indicator")?.addEventListener("change", loadTrend);
  loadAll();
  setInterval(loadAll, 30000);
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
})();
