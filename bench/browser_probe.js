// Installed in every page before the app's own scripts (Playwright add_init_script) by
// bench/browser.py. It records, with the page's own clock (performance.now(), 0 = navigation):
//  - every change of the app's script state ([data-testid=stApp] data-test-script-state),
//  - every websocket message received (time, bytes, which socket),
//  - the last DOM change anywhere and the last one inside a plotly chart,
//  - the first pointer or key press after arm() (the user's input).
// waitDone(since) resolves once the app is idle, every visible chart is drawn, no element is
// stale and nothing has changed for quietMs; it reports when the script went idle and when
// the last chart finished drawing, relative to `since`.
(() => {
  const bench = (window.__bench = {
    states: [],
    frames: [],
    sockets: 0,
    input: null,
    armed: false,
    lastMutation: 0,
    lastChartMutation: 0,
  });
  const now = () => performance.now();
  const onInput = () => {
    if (bench.armed && bench.input === null) bench.input = now();
  };
  window.addEventListener("pointerdown", onInput, true);
  window.addEventListener("keydown", onInput, true);
  bench.arm = () => {
    bench.armed = true;
    bench.input = null;
  };

  const NativeWebSocket = window.WebSocket;
  class CountedWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      const socket = bench.sockets++;
      this.addEventListener("message", (event) => {
        const data = event.data;
        const size = data.byteLength ?? data.size ?? data.length ?? 0;
        bench.frames.push([now(), size, socket]);
      });
    }
  }
  window.WebSocket = CountedWebSocket;

  const observe = () => {
    new MutationObserver((records) => {
      const t = now();
      bench.lastMutation = t;
      let chart = false;
      for (const record of records) {
        if (record.type === "attributes" && record.attributeName === "data-test-script-state") {
          bench.states.push([t, record.target.getAttribute("data-test-script-state")]);
        } else if (!chart) {
          const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
          chart = Boolean(node && node.closest && node.closest(".js-plotly-plot"));
        }
      }
      if (chart) bench.lastChartMutation = t;
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  };
  observe();

  const visible = (element) => element.getClientRects().length > 0;
  bench.ready = () => {
    const all = document.querySelectorAll(".sc-chart"); // salescoach/ui/chart_element.py
    const charts = [...all].filter(visible);
    let drawn = 0;
    for (const chart of charts) {
      const plot = chart.classList.contains("js-plotly-plot") ? chart : null;
      if (!plot || !plot._fullLayout || !plot.querySelector(".main-svg")) continue;
      const traces = (plot._fullData || []).filter((trace) => trace.visible === true).length;
      const marks = plot.querySelectorAll(".cartesianlayer .trace, .cartesianlayer .hm, .pielayer .trace").length;
      if (traces === 0 || marks > 0) drawn++;
    }
    const stale = document.querySelectorAll("[data-stale='true']").length;
    const app = document.querySelector("[data-testid='stApp']");
    const state = app && app.getAttribute("data-test-script-state");
    return { charts: charts.length, all: all.length, drawn, stale, state };
  };

  bench.summary = () => {
    const charts = [...document.querySelectorAll(".sc-chart")];
    let svgNodes = 0;
    for (const chart of charts) svgNodes += chart.querySelectorAll("svg *").length;
    return {
      svg_nodes: svgNodes,
      hidden_charts: charts.filter((chart) => !visible(chart)).length,
      exceptions: [...document.querySelectorAll("[data-testid='stException']")].map((e) => e.innerText.slice(0, 300)),
      url: location.href,
    };
  };

  bench.waitDone = (since, quietMs, timeoutMs) =>
    new Promise((resolve) => {
      const started = now();
      const tick = () => {
        const t = now();
        const frames = bench.frames.filter(([time]) => time >= since);
        const states = bench.states.filter(([time]) => time >= since);
        const ran = frames.length > 0 || states.some(([, state]) => state === "running");
        const ready = bench.ready();
        const last = Math.max(bench.lastMutation, frames.length ? frames[frames.length - 1][0] : 0);
        const done = ran && ready.state === "notRunning" && ready.stale === 0 && ready.drawn === ready.charts;
        if ((done && t - last >= quietMs) || t - started > timeoutMs) {
          const idles = states.filter(([, state]) => state === "notRunning");
          // A run too quick to show "running" leaves no state change: its last message ends it.
          const idle = idles.length ? idles[idles.length - 1][0] : frames.length ? frames[frames.length - 1][0] : t;
          const drawnAt = Math.max(idle, bench.lastChartMutation);
          resolve({
            timed_out: !done,
            idle_ms: idle - since,
            drawn_ms: drawnAt - since,
            charts: ready.charts,
            charts_all: ready.all,
            charts_drawn: ready.drawn,
            stale: ready.stale,
            state: ready.state,
            // every message of this document: [after since (1/0), bytes, socket number]
            frames: bench.frames.map(([time, size, socket]) => [time >= since ? 1 : 0, size, socket]),
          });
        } else {
          requestAnimationFrame(tick);
        }
      };
      requestAnimationFrame(tick);
    });
})();
