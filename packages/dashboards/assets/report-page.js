/* global window, document, echarts */
// The report page: reads the model embedded by report-html.ts and draws it with ECharts.
// Plain browser JavaScript (no build step); window.tripstreamReport tells a test when it is drawn.
(function () {
  'use strict';
  var state = { ready: false, cells: 0, boroughs: 0, series: [], errors: [] };
  window.tripstreamReport = state;
  window.addEventListener('error', function (e) {
    state.errors.push(String(e.message));
  });

  var model = JSON.parse(document.getElementById('report-data').textContent);
  var fmt = new Intl.NumberFormat('en-US');
  document.getElementById('meta').textContent =
    model.timeRange.from +
    ' to ' +
    model.timeRange.to +
    ' · indices ' +
    model.indices.pickupCount +
    ', ' +
    model.indices.tripDuration +
    ' · generated ' +
    model.generatedAt;
  document.getElementById('map-title').textContent =
    'Pickup hot spots: ' +
    fmt.format(model.cells.length) +
    ' geohash-' +
    model.precision +
    ' cells';
  document.getElementById('total').textContent = fmt.format(model.totalTrips);

  var pending = 3;
  function drawn() {
    pending -= 1;
    if (pending === 0) state.ready = true;
  }
  function chart(id, option) {
    var instance = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    instance.on('finished', function once() {
      instance.off('finished', once);
      drawn();
    });
    instance.setOption(option);
    return instance;
  }

  // Map: each geohash cell as its rectangle on longitude/latitude axes, scaled so a degree of
  // longitude is cos(latitude) as wide as a degree of latitude (what a map projection does there).
  var nyc = model.boxes[0];
  var pad = 0.01;
  var x0 = nyc.minLon - pad,
    x1 = nyc.maxLon + pad,
    y0 = nyc.minLat - pad,
    y1 = nyc.maxLat + pad;
  var grid = { left: 64, right: 110, top: 30, bottom: 40 };
  var plotW = 560;
  var plotH = Math.round(
    (plotW * (y1 - y0)) / ((x1 - x0) * Math.cos((((y0 + y1) / 2) * Math.PI) / 180)),
  );
  var mapEl = document.getElementById('map');
  mapEl.style.width = plotW + grid.left + grid.right + 'px';
  mapEl.style.height = plotH + grid.top + grid.bottom + 'px';
  var values = model.cells
    .map(function (c) {
      return c.pickups;
    })
    .sort(function (a, b) {
      return a - b;
    });
  // Cap the colour scale at the 95th percentile so Midtown does not wash out everything else.
  var cap = values.length
    ? values[Math.min(values.length - 1, Math.floor(values.length * 0.95))]
    : 1;
  var boxColors = { NYC: '#69707d', JFK: '#006bb8', LGA: '#7b61ff' };
  var boxSeries = model.boxes.map(function (b) {
    return {
      name: b.name + ' box',
      type: 'line',
      silent: true,
      symbol: 'none',
      lineStyle: {
        type: 'dashed',
        width: b.name === 'NYC' ? 1 : 2,
        color: boxColors[b.name] || '#333',
      },
      endLabel: { show: b.name !== 'NYC', formatter: b.name, color: boxColors[b.name] },
      data: [
        [b.minLon, b.minLat],
        [b.maxLon, b.minLat],
        [b.maxLon, b.maxLat],
        [b.minLon, b.maxLat],
        [b.minLon, b.minLat],
      ],
      z: 3,
    };
  });
  // Under the cells: the boroughs (Census county boundaries), land grey on white water, so a reader
  // can tell Manhattan from Queens. Each ring is one data item; its first point places it.
  var landColor = '#e4e9f0';
  var shoreColor = '#4a5a70';
  var rings = [];
  model.boroughs.forEach(function (b) {
    b.rings.forEach(function (ring) {
      rings.push(ring);
    });
  });
  var boroughSeries = {
    name: 'Boroughs',
    type: 'custom',
    silent: true,
    clip: true,
    z: 1,
    renderItem: function (params, api) {
      return {
        type: 'polygon',
        shape: {
          points: rings[params.dataIndex].map(function (p) {
            return api.coord(p);
          }),
        },
        style: { fill: landColor, stroke: shoreColor, lineWidth: 1.5 },
      };
    },
    encode: { x: 0, y: 1 },
    data: rings.map(function (ring) {
      return ring[0];
    }),
  };
  var boroughNames = {
    name: 'Borough names',
    type: 'scatter',
    silent: true,
    symbolSize: 0,
    z: 4,
    label: {
      show: true,
      formatter: '{b}',
      color: '#343741',
      fontSize: 12,
      fontWeight: 'bold',
      textBorderColor: '#fff',
      textBorderWidth: 2,
    },
    data: model.boroughs.map(function (b) {
      return { name: b.name, value: b.label };
    }),
  };
  chart('map', {
    animation: false,
    grid: grid,
    tooltip: {
      trigger: 'item',
      formatter: function (p) {
        return p.seriesName === 'Pickups'
          ? p.value[5] + ': ' + fmt.format(p.value[4]) + ' pickups'
          : p.seriesName;
      },
    },
    xAxis: {
      type: 'value',
      name: 'lon',
      min: x0,
      max: x1,
      splitLine: { show: false },
      axisLabel: {
        formatter: function (v) {
          return v.toFixed(2);
        },
      },
    },
    yAxis: {
      type: 'value',
      name: 'lat',
      min: y0,
      max: y1,
      splitLine: { show: false },
      axisLabel: {
        formatter: function (v) {
          return v.toFixed(2);
        },
      },
    },
    visualMap: {
      type: 'continuous',
      min: 0,
      max: Math.max(1, cap),
      dimension: 4,
      seriesIndex: 0,
      calculable: true,
      right: 8,
      top: 'middle',
      text: ['pickups', ''],
      inRange: { color: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] },
    },
    series: [
      {
        name: 'Pickups',
        type: 'custom',
        clip: true,
        renderItem: function (params, api) {
          var topLeft = api.coord([api.value(0), api.value(3)]);
          var bottomRight = api.coord([api.value(2), api.value(1)]);
          return {
            type: 'rect',
            shape: {
              x: topLeft[0],
              y: topLeft[1],
              width: bottomRight[0] - topLeft[0],
              height: bottomRight[1] - topLeft[1],
            },
            style: { fill: api.visual('color') },
          };
        },
        encode: { x: [0, 2], y: [1, 3] },
        data: model.cells.map(function (c) {
          return [c.west, c.south, c.east, c.north, c.pickups, c.hash];
        }),
      },
    ].concat(boxSeries, [boroughSeries, boroughNames]),
  });
  state.cells = model.cells.length;
  state.boroughs = model.boroughs.length;

  chart('duration', {
    animation: false,
    legend: { bottom: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 30, top: 36, bottom: 56 },
    xAxis: { type: 'time', min: model.timeRange.from, max: model.timeRange.to },
    yAxis: { type: 'value', name: 'minutes' },
    series: model.series.map(function (s) {
      return {
        name: s.name,
        type: 'line',
        color: s.color,
        connectNulls: false,
        symbolSize: 6,
        data: s.points.map(function (p) {
          return [
            p.time,
            p.avgTripDuration === null ? null : Math.round(p.avgTripDuration * 100) / 100,
          ];
        }),
      };
    }),
  });
  state.series = model.series.map(function (s) {
    return {
      name: s.name,
      points: s.points.filter(function (p) {
        return p.avgTripDuration !== null;
      }).length,
    };
  });

  // One bar per window, labelled by its end (UTC), as the processor stamps documents.
  var oneDay = model.tripsPerWindow.every(function (w) {
    return w.time.slice(0, 10) === model.tripsPerWindow[0].time.slice(0, 10);
  });
  chart('trips', {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 30, top: 36, bottom: 46 },
    xAxis: {
      type: 'category',
      name: 'window end (UTC)',
      nameLocation: 'middle',
      nameGap: 22,
      data: model.tripsPerWindow.map(function (w) {
        return oneDay ? w.time.slice(11, 16) : w.time.slice(5, 16).replace('T', ' ');
      }),
    },
    yAxis: { type: 'value', name: 'trips' },
    series: [
      {
        name: 'Trips',
        type: 'bar',
        color: '#54B399',
        barMaxWidth: 60,
        data: model.tripsPerWindow.map(function (w) {
          return w.trips;
        }),
      },
    ],
  });

  var tbody = document.querySelector('#top tbody');
  model.topCells.forEach(function (c, i) {
    var tr = document.createElement('tr');
    [String(i + 1), c.hash, fmt.format(c.pickups), c.lat.toFixed(4), c.lon.toFixed(4)].forEach(
      function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      },
    );
    tbody.appendChild(tr);
  });
})();
