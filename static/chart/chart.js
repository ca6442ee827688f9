// The dashboard's chart element (salescoach/ui/chart_element.py): a st.components.v2 component
// that draws a plotly figure with the plotly.js bundle it names (cartesian, finance or full),
// on the template st.plotly_chart draws with on this app's theme (theme.json).
//
// The data are bytes: a header line of JSON ({digest, bundle, theme, config, select, not_drawn:
// what to say when the bundle or the theme does not load}) and the figure's JSON. Every text in
// a figure is drawn by plotly.js, which escapes data it is given (salescoach/charts.py escapes
// what it would read as its own markup).

const bundles = new Map(); // bundle URL -> Promise of its Plotly
const themes = new Map(); // theme URL -> Promise of its template
let loading = Promise.resolve(); // one bundle at a time: each sets window.Plotly as it runs

function plotlyOf(url) {
  if (!bundles.has(url)) {
    const load = () =>
      new Promise((resolve, reject) => {
        const before = window.Plotly;
        const script = document.createElement("script");
        script.src = url;
        script.async = true;
        script.onload = () => {
          const plotly = window.Plotly;
          if (before !== undefined) window.Plotly = before;
          resolve(plotly);
        };
        script.onerror = () => reject(new Error(`The chart library could not be loaded (${url}).`));
        document.head.appendChild(script);
      });
    const loaded = loading.then(load, load);
    loading = loaded.catch(() => undefined);
    bundles.set(url, loaded);
  }
  return bundles.get(url);
}

function themeOf(url) {
  if (!themes.has(url)) {
    themes.set(
      url,
      fetch(url).then((response) => {
        if (!response.ok) throw new Error(`The chart theme could not be loaded (${url}).`);
        return response.json();
      }),
    );
  }
  return themes.get(url);
}

function unpack(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const end = bytes.indexOf(10);
  const text = new TextDecoder();
  return [JSON.parse(text.decode(bytes.subarray(0, end))), bytes.subarray(end + 1)];
}

// A clicked point as Streamlit's plotly selection gives it (snake_case; customdata as drawn).
function point(clicked) {
  return {
    curve_number: clicked.curveNumber,
    point_number: clicked.pointNumber,
    point_index: clicked.pointIndex,
    x: clicked.x,
    y: clicked.y,
    customdata: clicked.customdata === undefined ? null : clicked.customdata,
  };
}

function listen(chart) {
  chart.on("plotly_click", (event) => {
    if (!chart.__salescoach.select || !event || !event.points || !event.points.length) return;
    chart.__salescoach.setStateValue("selection", { points: [point(event.points[0])] });
  });
  const clear = () => {
    if (chart.__salescoach.select) chart.__salescoach.setStateValue("selection", { points: [] });
  };
  chart.on("plotly_deselect", clear);
  chart.on("plotly_doubleclick", clear);
}

function failed(parent, said, error) {
  console.error(error);
  let note = parent.querySelector(".sc-chart-error");
  if (!note) {
    note = document.createElement("p");
    note.className = "sc-chart-error";
    parent.appendChild(note);
  }
  note.textContent = said;
}

export default async function (component) {
  const { data, parentElement, setStateValue } = component;
  if (!data) return undefined;
  const [header, figureBytes] = unpack(data);
  let chart = parentElement.querySelector(".sc-chart");
  if (!chart) {
    chart = document.createElement("div");
    chart.className = "sc-chart";
    chart.style.width = "100%";
    parentElement.appendChild(chart);
  }
  const drawn = chart.__salescoach;
  if (drawn && drawn.digest === header.digest && drawn.bundle === header.bundle) {
    chart.__salescoach = { ...drawn, setStateValue, select: header.select };
    return drawn.cleanup;
  }
  chart.__salescoach = { setStateValue, select: header.select }; // no digest until drawn
  let plotly;
  let template;
  try {
    [plotly, template] = await Promise.all([plotlyOf(header.bundle), themeOf(header.theme)]);
  } catch (error) {
    failed(parentElement, header.not_drawn, error);
    return undefined;
  }
  const figure = JSON.parse(new TextDecoder().decode(figureBytes));
  const layout = { ...(figure.layout || {}), template, autosize: true };
  if (header.select) {
    layout.clickmode = "event+select";
    layout.dragmode = "pan";
  }
  const config = { ...header.config, responsive: true };
  if (drawn && drawn.bundle !== header.bundle && drawn.plotly) drawn.plotly.purge(chart);
  await plotly.react(chart, figure.data || [], layout, config);
  if (chart.__salescoachListens !== plotly) {
    // once per plotly.js that drew it (a purge drops the listeners), however many draws overlap
    listen(chart);
    chart.__salescoachListens = plotly;
  }
  const cleanup = () => plotly.purge(chart);
  chart.__salescoach = { ...chart.__salescoach, digest: header.digest, bundle: header.bundle, plotly, cleanup };
  return cleanup;
}
