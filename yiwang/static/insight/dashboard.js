/* The leaders' dashboard and the command centre's large screen: ECharts drawn from the dashboard's
   JSON (embedded in the page, or fetched every minute on the large screen). No build step. */
(function () {
  "use strict";

  var charts = {};
  var words = JSON.parse(document.getElementById("insight-words").textContent);

  function chart(id, theme) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    if (!charts[id]) { charts[id] = echarts.init(element, theme || null); }
    return charts[id];
  }

  function bars(id, theme, names, series, percent) {
    var c = chart(id, theme);
    if (!c) { return; }
    c.setOption({
      backgroundColor: "transparent",
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 8, right: 16, top: 32, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: names, axisLabel: {interval: 0, rotate: names.length > 6 ? 30 : 0}},
      yAxis: percent ? {type: "value", max: 100, axisLabel: {formatter: "{value}%"}} : {type: "value"},
      series: series
    }, true);
  }

  function draw(data, theme) {
    bars("chart-channels", theme, data.channels.map(function (r) { return r.channel; }), [
      {name: words.cases, type: "bar", stack: "v", data: data.channels.map(function (r) { return r.cases; })},
      {name: words.tickets, type: "bar", stack: "v", data: data.channels.map(function (r) { return r.tickets; })},
      {name: words.evaluations, type: "bar", stack: "v", data: data.channels.map(function (r) { return r.evaluations; })}
    ]);
    var labels = data.trend.map(function (r) { return r.label; });
    bars("chart-trend", theme, labels, [
      {name: words.cases, type: "line", data: data.trend.map(function (r) { return r.cases_submitted; })},
      {name: words.finished, type: "line", data: data.trend.map(function (r) { return r.cases_finished; })},
      {name: words.tickets, type: "line", data: data.trend.map(function (r) { return r.tickets_received; })}
    ]);
    var finishing = data.departments.filter(function (r) { return r.cases_finished > 0; });
    bars("chart-on-time", theme, finishing.map(function (r) { return r.department; }), [
      {name: words.on_time, type: "bar", data: finishing.map(function (r) { return r.on_time_rate; })}
    ], true);
    bars("chart-good", theme, labels, [
      {name: words.good, type: "line", connectNulls: true, data: data.trend.map(function (r) { return r.good_rate; })},
      {name: words.on_time, type: "line", connectNulls: true, data: data.trend.map(function (r) { return r.on_time_rate; })}
    ], true);
    bars("chart-categories", theme, data.categories.map(function (r) { return r.category; }), [
      {name: words.tickets, type: "bar", data: data.categories.map(function (r) { return r.tickets; })}
    ]);
    bars("chart-materials", theme, data.materials.map(function (r) { return r.department; }), [
      {name: words.materials, type: "bar", data: data.materials.map(function (r) { return r.rate; })}
    ], true);
  }

  function tiles(data) {
    document.querySelectorAll("[data-tile]").forEach(function (tile) {
      var key = tile.getAttribute("data-tile");
      var source = key in data.figures ? data.figures : data.catalogue;
      var value = source[key];
      tile.querySelector(".value").textContent = value === null || value === undefined ? "—" : value + (data.units[key] || "");
      tile.querySelector(".name").textContent = data.labels[key];
    });
    var hot = document.getElementById("screen-hot");
    if (hot) {
      hot.innerHTML = "";
      data.hot.forEach(function (row) {
        var tr = document.createElement("tr");
        [row.street, row.category, row.tickets].forEach(function (v) {
          var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
        });
        hot.appendChild(tr);
      });
    }
  }

  var embedded = document.getElementById("insight-data");
  if (embedded) { draw(JSON.parse(embedded.textContent), null); }

  var screen = document.getElementById("insight-screen");
  if (screen) {
    var url = screen.getAttribute("data-src");
    var every = parseInt(screen.getAttribute("data-every"), 10) * 1000;
    var stamp = document.getElementById("screen-updated");
    var load = function () {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) {
          draw(data, "dark"); tiles(data);
          stamp.textContent = new Date().toLocaleTimeString();
          screen.removeAttribute("data-stale");
        })
        .catch(function () { screen.setAttribute("data-stale", "1"); });
    };
    load();
    setInterval(load, every);
    var full = document.getElementById("screen-full");
    if (full) { full.addEventListener("click", function () { document.documentElement.requestFullscreen(); }); }
  }

  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
})();
