// The statistics page: appeals received per month.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  var rows = JSON.parse(document.getElementById("month-data").textContent);
  echarts.init(document.getElementById("chart-month")).setOption({
    title: {text: "按月受理量", textStyle: {fontSize: 14}}, tooltip: {renderMode: "richText"},  // drawn on the canvas: no inline styles (CSP)
    xAxis: {type: "category", data: rows.map(function (r) { return r.month; })},
    yAxis: {type: "value"}, series: [{type: "bar", data: rows.map(function (r) { return r.n; })}]
  });
});
