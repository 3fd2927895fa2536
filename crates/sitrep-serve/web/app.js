// The sitrep serve web page: a map of the store's canonical events with filters, a monthly
// histogram with a time range, an event panel showing the evidence behind each event, and an
// "analyse a text" box that runs the extractor on pasted text.
//
// Plain browser JavaScript, no build step. Everything it loads comes from the server itself
// (libraries and basemap under /assets/vendor/, see vendor/PROVENANCE.md); the server's content
// security policy forbids anything else. Text from the store or the extractor is never parsed
// as HTML: every node is built with createElement/textContent.
'use strict';

(() => {
  // ------------------------------------------------------------------ constants

  /** The six ACLED event types, with the colour and CSS class of their markers. */
  const TYPES = [
    { name: 'Battles', cls: 'battles', color: '#c0392b' },
    { name: 'Explosions/Remote violence', cls: 'explosions', color: '#e67e22' },
    { name: 'Violence against civilians', cls: 'vac', color: '#8e44ad' },
    { name: 'Protests', cls: 'protests', color: '#27ae60' },
    { name: 'Riots', cls: 'riots', color: '#c9a100' },
    { name: 'Strategic developments', cls: 'strategic', color: '#2c6fbb' },
  ];
  const OTHER_TYPE = { name: 'Other', cls: 'other', color: '#7f8c8d' };

  /** Evidence roles in the order they are listed; later roles are drawn under earlier ones. */
  const ROLES = [
    ['trigger', 'Trigger'],
    ['actor1', 'Actor 1'],
    ['actor2', 'Actor 2'],
    ['place', 'Place'],
    ['date', 'Date'],
    ['fatalities', 'Fatalities'],
    ['attribution', 'Attribution'],
    ['claimant', 'Claimant'],
  ];

  /** Claim statuses (schema 1.1) in words. */
  const CLAIM_STATUS = {
    reported: 'reported by the outlet',
    claimed: 'claimed',
    denied: 'denied',
    unconfirmed: 'unconfirmed',
  };

  /** Framing flag kinds (schema 1.1) in words. */
  const FRAMING_KIND = {
    loaded_label: 'loaded label',
    rhetorical_question: 'rhetorical question',
    unattributed_accusation: 'unattributed accusation',
    speculation: 'speculation',
  };

  const TIME_PRECISION = { 1: 'exact day', 2: 'within a week', 3: 'within a month' };
  const GEO_PRECISION = {
    1: 'exact place',
    2: 'near a place / part of a region',
    3: 'region or province',
  };
  const GEOJSON_LIMIT = 5000;
  /** A country's name is shown when it is at most this many times as wide as the country. */
  const LABEL_OVERHANG = 1.25;

  // ------------------------------------------------------------------ small helpers

  const $ = (id) => document.getElementById(id);

  /**
   * Builds an element. `attrs` values are set with setAttribute (strings) or, for `on*` keys,
   * as listeners; children are nodes or strings (strings become text nodes, never HTML).
   */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
    for (const child of children) {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function typeInfo(name) {
    return TYPES.find((t) => t.name === name) || OTHER_TYPE;
  }

  /** A link target only when it is an http(s) URL; anything else (javascript:, data:) is text. */
  function safeUrl(url) {
    if (typeof url !== 'string') return null;
    try {
      const u = new URL(url, window.location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  }

  function plural(n, word) {
    return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** Fetches JSON from the API; a non-2xx answer becomes an ApiError with the server's message. */
  async function api(path, options = {}) {
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', `the server did not answer (${err.message})`);
    }
    const type = response.headers.get('content-type') || '';
    const body = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) {
      const error = body && body.error;
      throw new ApiError(
        response.status,
        (error && error.code) || String(response.status),
        (error && error.message) || `${response.status} ${response.statusText}`,
      );
    }
    if (body === null) throw new ApiError(response.status, 'bad-response', 'expected JSON');
    return body;
  }

  function showError(where, err) {
    const box = $('error');
    box.hidden = false;
    box.replaceChildren(
      h('strong', {}, `${where}: `),
      err instanceof ApiError && err.status ? `${err.status} ${err.code}: ${err.message}` : String(err.message || err),
      h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => (box.hidden = true) }, '×'),
    );
  }

  // ------------------------------------------------------------------ state

  const state = {
    months: [], // 'YYYY-MM', contiguous, from the unfiltered store
    byMonth: {}, // counts for the current non-time filters
    features: [],
    markers: new Map(), // canonical id -> circle marker
    selected: null,
    refreshSeq: 0,
    refreshAbort: null,
  };

  // ------------------------------------------------------------------ map

  const map = L.map('map', { minZoom: 2, maxZoom: 13, worldCopyJump: true, zoomSnap: 0.5 });
  map.setView([25, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Leaflet · boundaries: Natural Earth · places: GeoNames (CC BY 4.0)');
  map.createPane('basemap').style.zIndex = 250;
  map.createPane('basemapLabels').style.zIndex = 260;
  map.createPane('selection').style.zIndex = 640;
  map.createPane('extracted').style.zIndex = 620; // above the store's clusters (markerPane, 600)

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 36,
    // No fade animations: the clusters on screen are final when a refresh ends.
    animate: false,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(clusters);
  const extracted = L.layerGroup().addTo(map);
  let selectionRing = null;

  /** A cluster as a ring whose segments show the mix of event types, with the count inside. */
  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const counts = new Map();
    for (const m of children) counts.set(m.options.sitrepType, (counts.get(m.options.sitrepType) || 0) + 1);
    const n = children.length;
    const stops = [];
    let at = 0;
    for (const t of [...TYPES, OTHER_TYPE]) {
      const c = counts.get(t.name);
      if (!c) continue;
      const next = at + (c / n) * 360;
      stops.push(`${t.color} ${at}deg ${next}deg`);
      at = next;
    }
    const size = n < 10 ? 34 : n < 100 ? 40 : 48;
    const ring = h('div', { class: 'ev-cluster-ring' }, h('span', { class: 'ev-cluster-count' }, String(n)));
    // CSSOM, not a style attribute: allowed by the content security policy.
    ring.style.background = `conic-gradient(${stops.join(', ')})`;
    return L.divIcon({ html: ring, className: 'ev-cluster', iconSize: L.point(size, size) });
  }

  // The legend folds away (closed at first on a phone, where it would hide a third of the map).
  const legend = L.control({ position: 'topright' });
  legend.onAdd = () => {
    const box = h(
      'details',
      { class: 'map-legend', open: window.matchMedia('(min-width: 601px)').matches },
      h('summary', {}, 'Marker colours'),
      h(
        'div',
        { role: 'list', 'aria-label': 'Marker colours' },
        TYPES.map((t) => h('div', { role: 'listitem' }, h('span', { class: `swatch ev-bg-${t.cls}` }), t.name)),
        h('div', { role: 'listitem' }, h('span', { class: 'swatch swatch-extracted' }), 'Analysed text'),
      ),
    );
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);

  async function loadBasemap() {
    const topo = await api('/assets/vendor/world-atlas/countries-110m.json');
    const countries = topojson.feature(topo, topo.objects.countries);
    for (const feature of countries.features) unwrapAntimeridian(feature.geometry);
    L.geoJSON(countries, {
      pane: 'basemap',
      interactive: false,
      className: 'country',
      style: { color: '#8c9aa6', weight: 0.8, fillColor: '#f4f1e8', fillOpacity: 1 },
    }).addTo(map);
    // Country names at the middle of each country's largest polygon (the map has no tiles, so
    // nothing else says where one is), at every zoom: a name is shown when it is not much
    // wider than that polygon at the current zoom (the world view names the large countries,
    // zooming in names the others), and where two names would collide the larger country
    // keeps its name.
    const candidates = [];
    for (const feature of countries.features) {
      const name = feature.properties && feature.properties.name;
      if (!name || !feature.geometry) continue;
      const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      let best = null;
      for (const polygon of polygons) {
        const bounds = L.latLngBounds(polygon[0].map(([lon, lat]) => [lat, lon]));
        const area = (bounds.getEast() - bounds.getWest()) * (bounds.getNorth() - bounds.getSouth());
        if (!best || area > best.area) best = { bounds, area };
      }
      if (best && best.area >= 1) candidates.push({ name, ...best });
    }
    candidates.sort((a, b) => b.area - a.area);
    const labels = candidates.map(({ name, bounds }) => ({
      bounds,
      tooltip: L.tooltip({ permanent: true, direction: 'center', className: 'country-label', interactive: false, pane: 'basemapLabels' })
        .setLatLng(bounds.getCenter())
        .setContent(h('span', {}, name)),
    }));
    L.layerGroup(labels.map((l) => l.tooltip)).addTo(map);
    const declutter = () => {
      const kept = [];
      for (const { bounds, tooltip } of labels) {
        const el = tooltip.getElement();
        if (!el) continue;
        el.classList.remove('label-hidden');
        const r = el.getBoundingClientRect();
        const west = map.latLngToContainerPoint(bounds.getSouthWest());
        const east = map.latLngToContainerPoint(bounds.getNorthEast());
        const fits = r.width <= LABEL_OVERHANG * Math.abs(east.x - west.x);
        if (!fits || kept.some((k) => r.left < k.right + 4 && r.right + 4 > k.left && r.top < k.bottom && r.bottom > k.top)) {
          el.classList.add('label-hidden');
        } else {
          kept.push(r);
        }
      }
    };
    map.on('zoomend', declutter);
    declutter();
  }

  /**
   * Natural Earth rings that cross the antimeridian (Chukotka, Fiji) jump from +180 to -180
   * and would be drawn as a band across the whole flat map; their longitudes are made
   * continuous instead (Chukotka then lies east of 180). Rings around a pole (Antarctica)
   * sweep 360 degrees and are left as they are.
   */
  function unwrapAntimeridian(geometry) {
    if (!geometry) return;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        let shift = 0;
        let sweep = 0;
        let crossed = false;
        const unwrapped = ring.map(([lon, lat], i) => {
          if (i > 0) {
            const d = lon - ring[i - 1][0];
            const step = d > 180 ? -360 : d < -180 ? 360 : 0;
            if (step !== 0) crossed = true;
            shift += step;
            sweep += d + step;
          }
          return [lon + shift, lat];
        });
        if (!crossed || Math.abs(sweep) >= 180) continue;
        // Keep the side of the antimeridian where most of the ring lies.
        const mean = unwrapped.reduce((acc, [lon]) => acc + lon, 0) / unwrapped.length;
        const back = mean > 180 ? -360 : mean < -180 ? 360 : 0;
        unwrapped.forEach(([lon, lat], i) => (ring[i] = [lon + back, lat]));
      }
    }
  }

  function markerFor(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const t = typeInfo(p.event_type);
    const marker = L.circleMarker([lat, lon], {
      radius: 7,
      color: '#1d2731',
      weight: 1,
      fillColor: t.color,
      fillOpacity: 0.9,
      className: `ev-marker ev-type-${t.cls}`,
      sitrepType: t.cls === 'other' ? OTHER_TYPE.name : t.name,
    });
    marker.bindTooltip(
      h('span', {}, `${p.event_date || 'undated'} · ${p.sub_event_type || p.event_type} · ${p.location || p.country || ''}`),
      { direction: 'top', offset: [0, -6] },
    );
    marker.on('click', () => openEvent(p.id, { from: 'map' }));
    return marker;
  }

  function showSelection(feature) {
    if (selectionRing) selectionRing.remove();
    selectionRing = null;
    if (!feature || !feature.geometry) return;
    const [lon, lat] = feature.geometry.coordinates;
    selectionRing = L.circleMarker([lat, lon], {
      pane: 'selection',
      radius: 13,
      color: '#111',
      weight: 3,
      fill: false,
      interactive: false,
      className: 'ev-selection',
    }).addTo(map);
    // The event's town (or the area it is placed in), as the store has it from the gazetteer:
    // the basemap has no place names of its own.
    const p = feature.properties;
    const place = p.location || p.admin1 || p.country;
    if (place) {
      const area = [p.admin1, p.country].filter((a) => a && a !== place)[0];
      selectionRing.bindTooltip(
        h('span', {}, place, area ? h('span', { class: 'place-label-area' }, ` · ${area}`) : null),
        { permanent: true, direction: 'right', offset: [14, 0], className: 'place-label', interactive: false },
      );
    }
    keepInView();
  }

  /**
   * Pans the map so that the selected event and its label are in the part of the map that is
   * on screen: inside the viewport, clear of the legend and, on a phone, above the event sheet.
   * Nothing happens when the map is scrolled out of view.
   */
  function keepInView() {
    if (!selectionRing) return;
    const box = map.getContainer().getBoundingClientRect();
    const margin = 16;
    let top = Math.max(box.top, 0) + margin;
    let bottom = Math.min(box.bottom, window.innerHeight) - margin;
    const left = box.left + margin;
    let right = box.right - margin;
    const panel = $('event-panel');
    if (!panel.hidden && getComputedStyle(panel).position === 'fixed') {
      bottom = Math.min(bottom, panel.getBoundingClientRect().top - margin);
    }
    if (bottom - top < 60) return;
    const at = map.latLngToContainerPoint(selectionRing.getLatLng());
    const x = box.left + at.x;
    const y = box.top + at.y;
    const tip = selectionRing.getTooltip() && selectionRing.getTooltip().getElement();
    const labelWidth = tip ? tip.getBoundingClientRect().width + 14 : 0;
    const key = document.querySelector('.map-legend');
    if (key) {
      const k = key.getBoundingClientRect();
      if (y >= k.top - margin && y <= k.bottom + margin) right = Math.min(right, k.left - margin);
    }
    const dx = x - 13 < left ? x - 13 - left : x + labelWidth > right ? x + labelWidth - right : 0;
    const dy = y - 13 < top ? y - 13 - top : y + 13 > bottom ? y + 13 - bottom : 0;
    if (dx || dy) map.panBy([dx, dy], { animate: false });
  }

  // ------------------------------------------------------------------ filters

  function filterParams() {
    const params = new URLSearchParams();
    const add = (key, value) => {
      const v = value.trim();
      if (v) params.set(key, v);
    };
    add('type', $('f-type').value);
    add('actor', $('f-actor').value);
    add('country', $('f-country').value);
    add('text', $('f-text').value);
    return params;
  }

  /** since/until for the slider positions, or nothing when the whole range is selected. */
  function timeParams(params) {
    const [from, to] = sliderRange();
    const n = state.months.length;
    if (n === 0 || (from === 0 && to === n - 1)) return params;
    params.set('since', `${state.months[from]}-01`);
    params.set('until', lastDayOfMonth(state.months[to]));
    return params;
  }

  function lastDayOfMonth(month) {
    const [y, m] = month.split('-').map(Number);
    const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${month}-${String(day).padStart(2, '0')}`;
  }

  function fillSelects(stats) {
    const byType = stats.by_type || {};
    const typeSelect = $('f-type');
    for (const t of TYPES) {
      const n = byType[t.name] || 0;
      typeSelect.append(h('option', { value: t.name }, `${t.name} (${n})`));
    }
    const countrySelect = $('f-country');
    const countries = Object.entries(stats.by_country || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [name, n] of countries) if (name) countrySelect.append(h('option', { value: name }, `${name} (${n})`));
  }

  // ------------------------------------------------------------------ timeline

  /** Every month from the first to the last date of the store, gaps included. */
  function monthDomain(stats) {
    const keys = Object.keys(stats.by_month || {}).sort();
    const first = (stats.first_date || keys[0] || '').slice(0, 7);
    const last = (stats.last_date || keys[keys.length - 1] || '').slice(0, 7);
    if (!/^\d{4}-\d{2}$/.test(first) || !/^\d{4}-\d{2}$/.test(last) || first > last) return keys;
    const months = [];
    let [y, m] = first.split('-').map(Number);
    for (let guard = 0; guard < 2400; guard++) {
      const key = `${y}-${String(m).padStart(2, '0')}`;
      months.push(key);
      if (key >= last) break;
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    return months;
  }

  function setupSlider() {
    const n = state.months.length;
    for (const input of [$('t-from'), $('t-to')]) {
      input.max = String(Math.max(0, n - 1));
      input.disabled = n < 2;
    }
    document.querySelector('.range').hidden = n < 2;
    $('t-from').value = '0';
    $('t-to').value = String(Math.max(0, n - 1));
  }

  function sliderRange() {
    const a = Number($('t-from').value);
    const b = Number($('t-to').value);
    return [Math.min(a, b), Math.max(a, b)];
  }

  function renderRangeLabel() {
    const n = state.months.length;
    if (n === 0) {
      $('range-label').textContent = 'no dated events';
      return;
    }
    const [from, to] = sliderRange();
    const all = from === 0 && to === n - 1;
    $('t-from').setAttribute('aria-valuetext', state.months[Number($('t-from').value)] || '');
    $('t-to').setAttribute('aria-valuetext', state.months[Number($('t-to').value)] || '');
    $('range-label').textContent = `${state.months[from]} – ${state.months[to]}${all ? ' (all)' : ''}`;
  }

  function renderHistogram() {
    const el = $('histogram');
    const width = el.clientWidth || 600;
    const height = el.clientHeight || 64;
    el.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const n = state.months.length;
    const nodes = [];
    if (n > 0) {
      const counts = state.months.map((m) => state.byMonth[m] || 0);
      const max = Math.max(1, ...counts);
      const axis = 14;
      const step = width / n;
      const [from, to] = sliderRange();
      const labelEvery = Math.max(1, Math.ceil(60 / step));
      state.months.forEach((month, i) => {
        const barH = counts[i] === 0 ? 0 : Math.max(2, ((height - axis - 2) * counts[i]) / max);
        const inRange = i >= from && i <= to;
        // The bar's full height is clickable (a thin bar is hard to hit): it selects that month.
        const hit = svg(
          'rect',
          { x: (i * step).toFixed(1), y: 0, width: step.toFixed(1), height: height - axis, class: 'bar-hit' },
          svg('title', {}, `${month}: ${plural(counts[i], 'event')} (click: this month only)`),
        );
        hit.addEventListener('click', () => selectMonth(i));
        nodes.push(hit);
        nodes.push(
          svg(
            'rect',
            {
              x: (i * step + Math.min(1, step * 0.1)).toFixed(1),
              y: (height - axis - barH).toFixed(1),
              width: Math.max(1, step - Math.min(2, step * 0.2)).toFixed(1),
              height: barH.toFixed(1),
              class: inRange ? 'bar in-range' : 'bar',
            },
          ),
        );
        if (i % labelEvery === 0 && i * step + 44 <= width) {
          nodes.push(svg('text', { x: (i * step + 2).toFixed(1), y: height - 3, class: 'tick' }, month));
        }
      });
      // Align the two range inputs' thumbs with the bar centres.
      const thumb = 16;
      const range = el.parentElement.querySelector('.range');
      range.style.left = `${(step / 2 - thumb / 2).toFixed(1)}px`;
      range.style.width = `${(width - step + thumb).toFixed(1)}px`;
    }
    el.replaceChildren(...nodes);
  }

  /** Clicking a bar shows that month only; clicking it again shows every month. */
  function selectMonth(i) {
    const [from, to] = sliderRange();
    const only = from === i && to === i;
    $('t-from').value = String(only ? 0 : i);
    $('t-to').value = String(only ? state.months.length - 1 : i);
    renderHistogram();
    refresh();
  }

  // ------------------------------------------------------------------ events: list and markers

  function renderEvents(features, total) {
    state.features = features;
    state.markers.clear();
    clusters.clearLayers();
    const withCoords = features.filter((f) => f.geometry && Array.isArray(f.geometry.coordinates));
    const markers = withCoords.map((f) => {
      const m = markerFor(f);
      state.markers.set(f.properties.id, m);
      return m;
    });
    clusters.addLayers(markers);
    if (markers.length > 0) {
      // Not animated: the view (and the clusters drawn for it) is final when the refresh ends.
      map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.15), { maxZoom: 6, animate: false });
    }

    const missing = total - withCoords.length;
    let text = plural(total, 'event');
    if (features.length >= GEOJSON_LIMIT) text += ` — the first ${withCoords.length.toLocaleString('en')} on the map`;
    else if (missing > 0) text += ` (${withCoords.length.toLocaleString('en')} on the map)`;
    $('count').textContent = text;

    const list = $('event-list');
    const sorted = [...features].sort(
      (a, b) =>
        (b.properties.event_date || '').localeCompare(a.properties.event_date || '') || b.properties.id - a.properties.id,
    );
    list.replaceChildren(
      ...sorted.map((f) => {
        const p = f.properties;
        const t = typeInfo(p.event_type);
        const actors = [p.actor1, p.actor2].filter(Boolean).join(' vs ');
        const where = [p.location, p.admin1, p.country].filter(Boolean).join(', ');
        return h(
          'li',
          { 'data-id': p.id },
          h(
            'button',
            {
              type: 'button',
              class: 'ev-item',
              'data-id': p.id,
              'aria-current': state.selected === p.id ? 'true' : null,
              onclick: () => openEvent(p.id, { from: 'list' }),
            },
            h('span', { class: `swatch ev-bg-${t.cls}`, 'aria-hidden': 'true' }),
            h(
              'span',
              { class: 'ev-item-body' },
              h('span', { class: 'ev-item-head' }, h('strong', {}, p.event_date || 'undated'), ` ${p.sub_event_type || p.event_type}`),
              h('span', { class: 'ev-item-where' }, where || 'unknown place', f.geometry ? null : ' (no coordinates)'),
              actors ? h('span', { class: 'ev-item-actors' }, actors) : null,
              h(
                'span',
                { class: 'ev-item-meta' },
                p.fatalities ? `${p.fatalities} ${p.fatalities === 1 ? 'fatality' : 'fatalities'} · ` : '',
                plural(p.n_sources || 1, 'source'),
              ),
            ),
          ),
        );
      }),
    );
    if (features.length === 0) {
      const filtered = [...filterParams().keys()].length > 0 || timeParams(new URLSearchParams()).has('since');
      list.append(h('li', { class: 'empty' }, filtered ? 'No event matches these filters.' : 'The store has no located events yet.'));
    }
    if (state.selected !== null && !features.some((f) => f.properties.id === state.selected)) closePanel();
  }

  async function refresh() {
    const seq = ++state.refreshSeq;
    if (state.refreshAbort) state.refreshAbort.abort();
    const abort = new AbortController();
    state.refreshAbort = abort;
    document.body.dataset.state = 'loading';
    $('count').textContent = 'Loading…';
    renderRangeLabel();
    saveToUrl();
    try {
      const base = filterParams();
      const timed = timeParams(new URLSearchParams(base));
      // The GeoJSON holds the located events (the markers); /v1/events gives the total,
      // events without coordinates included.
      const counted = new URLSearchParams(timed);
      counted.set('limit', '1');
      const [stats, geo, page] = await Promise.all([
        api(`/v1/stats?${base}`, { signal: abort.signal }),
        api(`/v1/events.geojson?${timed}`, { signal: abort.signal }),
        api(`/v1/events?${counted}`, { signal: abort.signal }),
      ]);
      if (seq !== state.refreshSeq) return;
      const exported = new URLSearchParams(timed);
      exported.delete('limit');
      $('export-geojson').href = `/v1/events.geojson?${exported}`;
      exported.set('format', 'csv');
      exported.set('limit', '1000');
      $('export-csv').href = `/v1/events?${exported}`;
      state.byMonth = stats.by_month || {};
      renderHistogram();
      renderEvents(geo.features, page.total);
      document.body.dataset.state = 'ready';
    } catch (err) {
      if (err.name === 'AbortError' || seq !== state.refreshSeq) return;
      $('count').textContent = 'Could not load events';
      showError('Loading events', err);
      document.body.dataset.state = 'error';
    }
  }

  // ------------------------------------------------------------------ evidence highlighting

  /** Code points of a string: evidence offsets count code points, not UTF-16 units. */
  const codePoints = (s) => Array.from(s);

  /**
   * The sentence as nodes with the evidence spans inside it marked (`<mark class="ev-trigger">`,
   * ...), plus the spans that lie outside the sentence (or do not match its text), to be listed
   * separately. Overlapping spans split the text into segments marked with every covering role.
   */
  function highlightSentence(sentence, evidence, flags = []) {
    const chars = codePoints(sentence.text);
    const inside = [];
    const outside = [];
    // Framing flags of the document that fall in the sentence (the others are listed apart).
    for (const f of flags) {
      const a = f.start - sentence.start;
      const b = f.end - sentence.start;
      if (a >= 0 && b <= chars.length && b > a && chars.slice(a, b).join('') === f.text) {
        inside.push({ role: 'framing', label: framingLabel(f), a, b });
      }
    }
    for (const [role, label] of ROLES) {
      const span = evidence && evidence[role];
      if (!span || role === 'sentence') continue;
      const a = span.start - sentence.start;
      const b = span.end - sentence.start;
      if (a >= 0 && b <= chars.length && b > a && chars.slice(a, b).join('') === span.text) {
        inside.push({ role, label, a, b });
      } else {
        outside.push({ role, label, span });
      }
    }
    const cuts = [...new Set([0, chars.length, ...inside.flatMap((s) => [s.a, s.b])])].sort((x, y) => x - y);
    const nodes = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [x, y] = [cuts[i], cuts[i + 1]];
      const text = chars.slice(x, y).join('');
      const covering = inside.filter((s) => s.a <= x && s.b >= y);
      if (covering.length === 0) {
        nodes.push(text);
      } else {
        nodes.push(
          h(
            'mark',
            { class: covering.map((s) => `ev-${s.role}`).join(' '), title: covering.map((s) => s.label).join(', ') },
            text,
          ),
        );
      }
    }
    return { nodes, inside, outside };
  }

  /** The claimant span of an event: its own claim's, else its fatality figure's. */
  function claimant(claim) {
    if (!claim) return null;
    return claim.claimant || (claim.fatalities && claim.fatalities.claimant) || null;
  }

  /** A claim in words: `claimed by sources close to X (actor 2's side)`. */
  function claimText(claim) {
    if (!claim || !claim.status) return null;
    let s = CLAIM_STATUS[claim.status] || claim.status;
    const by = claim.claimant;
    if (by) {
      s += ` ${claim.status === 'unconfirmed' ? '· source:' : 'by'} ${by.text}`;
      if (by.side) s += ` (${by.side === 'actor1' ? 'actor 1' : 'actor 2'}'s side)`;
      else if (by.actor) s += ` (${by.actor})`;
    }
    if (claim.cue) s += ` · “${claim.cue.text}”`;
    return s;
  }

  function framingLabel(f) {
    const kind = FRAMING_KIND[f.kind] || f.kind;
    const tone = f.tone ? ` (${f.tone})` : '';
    return f.actor ? `${kind}${tone} → ${f.actor}` : `${kind}${tone}`;
  }

  /** The document's framing flags, listed. */
  function framingBlock(framing) {
    const flags = (framing && framing.flags) || [];
    if (flags.length === 0) return null;
    const lean = framing.leaning;
    return h(
      'section',
      { class: 'framing', 'aria-label': 'Framing' },
      h('h3', {}, 'Framing in the article'),
      h(
        'ul',
        {},
        flags.map((f) => h('li', {}, h('mark', { class: 'ev-framing' }, f.text), h('span', { class: 'muted' }, ` ${framingLabel(f)}`))),
      ),
      lean
        ? h(
            'p',
            { class: 'muted leaning' },
            [lean.favours.length ? `favours ${lean.favours.join(', ')}` : null, lean.against.length ? `against ${lean.against.join(', ')}` : null]
              .filter(Boolean)
              .join(' · '),
          )
        : null,
    );
  }

  function evidenceBlock(event, flags) {
    const ev = Object.assign({}, event.evidence || {}, { claimant: claimant(event.claim) });
    const parts = [];
    if (ev.sentence) {
      const { nodes, inside, outside } = highlightSentence(ev.sentence, ev, flags);
      parts.push(h('blockquote', { class: 'sentence' }, nodes));
      const roles = inside.map((s) => s.role);
      if (roles.length) {
        parts.push(
          h(
            'p',
            { class: 'mark-legend' },
            ROLES.concat([['framing', 'Framing']])
              .filter(([r]) => roles.includes(r))
              .map(([r, label]) => h('mark', { class: `ev-${r}` }, label)),
          ),
        );
      }
      if (outside.length) {
        parts.push(
          h(
            'div',
            { class: 'elsewhere' },
            h('p', { class: 'muted' }, 'Elsewhere in the text:'),
            h(
              'ul',
              {},
              outside.map(({ role, label, span }) =>
                h('li', {}, h('span', { class: 'role' }, `${label}: `), h('mark', { class: `ev-${role}` }, span.text)),
              ),
            ),
          ),
        );
      }
    } else {
      parts.push(h('p', { class: 'muted' }, 'No sentence recorded for this event.'));
    }
    return h('section', { class: 'evidence', 'aria-label': 'Evidence' }, h('h3', {}, 'Evidence'), parts);
  }

  function field(label, ...value) {
    const content = value.flat().filter((v) => v !== null && v !== undefined && v !== '');
    if (content.length === 0) return null;
    return [h('dt', {}, label), h('dd', {}, content)];
  }

  /** The details of one event (store event or freshly extracted one); `framing` is its
   * document's (schema 1.1). */
  function eventDetails(event, { headingLevel = 'h2', framing = null } = {}) {
    const figureClaim = event.claim && event.claim.fatalities;
    const t = typeInfo(event.event_type);
    const actor = (name, assoc) => (name ? [name, assoc ? h('span', { class: 'muted' }, ` with ${assoc}`) : null] : null);
    const where = [event.location, event.admin2, event.admin1, event.country].filter(Boolean).join(', ');
    const coords =
      typeof event.latitude === 'number' && typeof event.longitude === 'number'
        ? `${event.latitude.toFixed(4)}, ${event.longitude.toFixed(4)}`
        : null;
    return [
      h(
        'header',
        { class: 'ev-head' },
        h('span', { class: `type-badge ev-bg-${t.cls}` }, event.event_type),
        h(headingLevel, { class: 'ev-title' }, event.sub_event_type || event.event_type),
      ),
      h(
        'dl',
        { class: 'facts' },
        field(
          'Date',
          event.event_date || 'unknown',
          TIME_PRECISION[event.time_precision] ? h('span', { class: 'muted' }, ` (${TIME_PRECISION[event.time_precision]})`) : null,
        ),
        field('Disorder', event.disorder_type),
        field('Actor 1', actor(event.actor1, event.assoc_actor_1)),
        field('Actor 2', actor(event.actor2, event.assoc_actor_2)),
        field('Location', where, event.iso ? ` (${event.iso})` : null),
        field(
          'Coordinates',
          coords,
          event.geo_precision ? h('span', { class: 'muted' }, ` · precision ${event.geo_precision}: ${GEO_PRECISION[event.geo_precision] || ''}`) : null,
        ),
        field('Fatalities', String(event.fatalities ?? 0), figureClaim ? h('span', { class: 'muted claim-figure' }, ` · ${claimText(figureClaim)}`) : null),
        field('Civilians', event.civilian_targeting),
        field('Confidence', typeof event.confidence === 'number' ? `${Math.round(event.confidence * 100)} %` : null),
        field('Source', event.attribution ? event.attribution.text : null),
        field('Claim', event.claim ? h('span', { class: `claim claim-${event.claim.status}` }, claimText(event.claim)) : null),
      ),
      evidenceBlock(event, (framing && framing.flags) || []),
      framingBlock(framing),
    ];
  }

  /** The generated summary and the coding rules: after the sources, they repeat the facts. */
  function eventNotes(event) {
    return [
      event.notes ? h('p', { class: 'notes' }, event.notes) : null,
      event.rules && event.rules.length
        ? h('details', { class: 'rules' }, h('summary', {}, 'Coding rules applied'), h('ul', {}, event.rules.map((r) => h('li', {}, r))))
        : null,
    ];
  }

  /** The framing of the document the event's evidence comes from (its first source's). */
  function representativeFraming(data) {
    const first = (data.sources || [])[0];
    const doc = first && (data.documents || []).find((d) => d.doc_id === first.doc_id);
    return (doc && doc.framing) || null;
  }

  function sourcesBlock(sources, documents) {
    const docs = new Map((documents || []).map((d) => [d.doc_id, d]));
    const items = (sources || []).map((s) => {
      const doc = docs.get(s.doc_id) || {};
      const url = safeUrl(s.url || doc.url);
      let host = null;
      if (url) host = new URL(url).host;
      const name = s.outlet || doc.outlet || host || s.doc_id;
      const title = doc.title;
      return h(
        'li',
        {},
        url
          ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'source-link' }, name)
          : h('span', { class: 'source-name' }, name),
        title ? [' — ', h('cite', {}, title)] : null,
        h(
          'div',
          { class: 'muted' },
          [s.published || doc.published ? `published ${s.published || doc.published}` : 'no publication date', `document ${s.doc_id}`]
            .concat(s.rule ? [`merged: ${s.rule}`] : [])
            .concat(typeof s.fatalities === 'number' ? [`${s.fatalities} fatalities reported`] : [])
            .join(' · '),
          url ? null : s.url || doc.url ? ` · ${s.url || doc.url}` : null,
        ),
      );
    });
    return h(
      'section',
      { class: 'sources', 'aria-label': 'Sources' },
      h('h3', {}, `Sources (${items.length})`),
      items.length ? h('ol', {}, items) : h('p', { class: 'muted' }, 'No source recorded.'),
    );
  }

  // ------------------------------------------------------------------ event panel

  async function openEvent(id, { from } = {}) {
    state.selected = id;
    selectTab('events');
    for (const b of document.querySelectorAll('.ev-item')) {
      if (Number(b.dataset.id) === id) {
        b.setAttribute('aria-current', 'true');
        if (from !== 'list') b.scrollIntoView({ block: 'nearest' });
      } else {
        b.removeAttribute('aria-current');
      }
    }
    showSelection(state.features.find((f) => f.properties.id === id));
    const panel = $('event-panel');
    panel.hidden = false;
    panel.dataset.state = 'loading';
    delete panel.dataset.eventId;
    panel.replaceChildren(h('p', { class: 'muted' }, 'Loading event…'));
    try {
      const data = await api(`/v1/events/${encodeURIComponent(id)}`);
      if (state.selected !== id) return;
      panel.replaceChildren(
        h(
          'div',
          { class: 'panel-bar' },
          h('span', { class: 'muted' }, `Event ${data.id}`),
          h('button', { type: 'button', class: 'link', onclick: closePanel, 'aria-label': 'Close event details' }, 'Close ×'),
        ),
        ...eventDetails(data.event, { framing: representativeFraming(data) }),
        sourcesBlock(data.sources, data.documents),
        ...eventNotes(data.event),
      );
      panel.dataset.state = 'ready';
      panel.dataset.eventId = String(data.id);
      panel.scrollTop = 0;
      // On a phone the sheet now covers the bottom of the screen.
      keepInView();
    } catch (err) {
      if (state.selected !== id) return;
      panel.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load event ${id}: ${err.message}`));
      panel.dataset.state = 'error';
    }
  }

  function closePanel() {
    state.selected = null;
    const panel = $('event-panel');
    panel.hidden = true;
    panel.replaceChildren();
    showSelection(null);
    for (const b of document.querySelectorAll('.ev-item[aria-current]')) b.removeAttribute('aria-current');
  }

  // ------------------------------------------------------------------ analyse a text

  function highlightPlaces(text, places) {
    const chars = codePoints(text);
    const sorted = [...(places || [])].sort((a, b) => a.start - b.start || b.end - a.end);
    const nodes = [];
    let at = 0;
    let skipped = 0;
    for (const p of sorted) {
      if (p.start < at || p.end > chars.length || p.end <= p.start || chars.slice(p.start, p.end).join('') !== p.text) {
        skipped += 1;
        continue;
      }
      nodes.push(chars.slice(at, p.start).join(''));
      const detail = [p.name, p.admin1, p.country_code].filter(Boolean).join(', ');
      nodes.push(
        h(
          'mark',
          {
            class: p.resolved === false || typeof p.lat !== 'number' ? 'place unresolved' : 'place',
            title: `${detail}${p.precision ? ` · precision ${p.precision}` : ''}${typeof p.lat === 'number' ? ` · ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : ' · not located'}`,
          },
          p.text,
        ),
      );
      at = p.end;
    }
    nodes.push(chars.slice(at).join(''));
    return { nodes, skipped };
  }

  function renderExtract(record, text) {
    const out = $('analyse-result');
    extracted.clearLayers();
    const events = record.events || [];
    const places = record.places || [];
    const located = [];
    events.forEach((event, i) => {
      if (typeof event.latitude !== 'number' || typeof event.longitude !== 'number') return;
      // A diamond in the type's colour: distinct from the store's round markers.
      const t = typeInfo(event.event_type);
      const m = L.marker([event.latitude, event.longitude], {
        pane: 'extracted',
        keyboard: false,
        icon: L.divIcon({
          className: 'ex-marker',
          iconSize: L.point(18, 18),
          // The rotation is on an inner element: Leaflet positions the icon with a transform.
          html: h('span', { class: `ex-diamond ev-bg-${t.cls}` }, h('span', { class: 'ex-marker-label' }, String(i + 1))),
        }),
      });
      m.bindTooltip(h('span', {}, `Analysed text, event ${i + 1}: ${event.sub_event_type} · ${event.location || ''}`));
      m.on('click', () => {
        const card = document.getElementById(`ex-event-${i}`);
        if (card) card.scrollIntoView({ block: 'start', behavior: 'smooth' });
      });
      extracted.addLayer(m);
      located.push(m.getLatLng());
    });
    if (located.length) map.fitBounds(L.latLngBounds(located).pad(0.6), { maxZoom: 6, animate: false });

    const { nodes, skipped } = highlightPlaces(text, places);
    const diagnostics = record.diagnostics || [];
    out.replaceChildren(
      h(
        'p',
        { class: 'ex-summary' },
        h('strong', {}, plural(events.length, 'event')),
        `, ${plural(places.length, 'place')} found · language ${record.lang || '?'}`,
        record.published ? ` · published ${record.published}` : '',
      ),
      diagnostics.length
        ? h('ul', { class: 'diagnostics' }, diagnostics.map((d) => h('li', {}, `${d.level} ${d.code}: ${d.message}`)))
        : null,
      h(
        'ol',
        { class: 'ex-events' },
        events.map((event, i) =>
          h(
            'li',
            { class: 'ex-event', id: `ex-event-${i}` },
            eventDetails(event, { headingLevel: 'h3', framing: record.framing }),
            eventNotes(event),
          ),
        ),
      ),
      h(
        'section',
        { class: 'ex-text', 'aria-label': 'Places in the text' },
        h('h3', {}, 'Places in the text'),
        h('div', { class: 'doc-text' }, nodes),
        skipped ? h('p', { class: 'muted' }, `${skipped} place spans did not match the text and are not shown.`) : null,
      ),
    );
  }

  async function analyse(ev) {
    ev.preventDefault();
    const text = $('a-text').value;
    const published = $('a-published').value;
    const out = $('analyse-result');
    if (!text.trim()) {
      out.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Paste a text to analyse first.'));
      return;
    }
    const button = $('a-submit');
    button.disabled = true;
    out.dataset.state = 'loading';
    out.replaceChildren(h('p', { class: 'muted' }, 'Analysing…'));
    try {
      const body = { text };
      if (published) body.published = published;
      const record = await api('/v1/extract', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      renderExtract(record, text);
      out.dataset.state = 'ready';
    } catch (err) {
      out.replaceChildren(
        h(
          'p',
          { class: 'error', role: 'alert' },
          err instanceof ApiError && err.status ? `${err.status} ${err.code}: ${err.message}` : String(err.message || err),
        ),
      );
      out.dataset.state = 'error';
    } finally {
      button.disabled = false;
    }
  }

  // ------------------------------------------------------------------ tabs

  function selectTab(name) {
    for (const [tab, pane] of [
      ['tab-events', 'pane-events'],
      ['tab-analyse', 'pane-analyse'],
    ]) {
      const on = tab === `tab-${name}`;
      $(tab).setAttribute('aria-selected', String(on));
      $(tab).tabIndex = on ? 0 : -1;
      $(pane).hidden = !on;
    }
  }

  // ------------------------------------------------------------------ wiring

  /** `fn` once `ms` after the last call; `.cancel()` drops a pending call. */
  function debounce(fn, ms) {
    let timer = null;
    const call = () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
    call.cancel = () => clearTimeout(timer);
    return call;
  }

  function wire() {
    const form = $('filters');
    const typed = debounce(refresh, 450);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      typed.cancel();
      refresh();
    });
    form.addEventListener('reset', () => {
      typed.cancel();
      setTimeout(() => {
        setupSlider();
        refresh();
      }, 0);
    });
    $('f-type').addEventListener('change', refresh);
    $('f-country').addEventListener('change', refresh);
    $('f-actor').addEventListener('input', typed);
    $('f-text').addEventListener('input', typed);

    for (const [id, other, keepLow] of [
      ['t-from', 't-to', true],
      ['t-to', 't-from', false],
    ]) {
      const input = $(id);
      input.addEventListener('input', () => {
        const v = Number(input.value);
        const o = Number($(other).value);
        if (keepLow ? v > o : v < o) $(other).value = String(v);
        renderRangeLabel();
        renderHistogram();
      });
      input.addEventListener('change', refresh);
    }

    $('analyse').addEventListener('submit', analyse);
    $('a-clear').addEventListener('click', () => {
      $('a-text').value = '';
      $('a-published').value = '';
      $('analyse-result').replaceChildren();
      extracted.clearLayers();
    });

    $('tab-events').addEventListener('click', () => selectTab('events'));
    $('tab-analyse').addEventListener('click', () => selectTab('analyse'));
    document.querySelector('.tabs').addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
      const next = $('tab-events').getAttribute('aria-selected') === 'true' ? 'analyse' : 'events';
      selectTab(next);
      $(`tab-${next}`).focus();
    });
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && !$('event-panel').hidden) closePanel();
    });
    window.addEventListener('resize', debounce(renderHistogram, 150));
  }

  /**
   * The filters live in the page's query string (`?type=Battles&since=2018-03`), so a view can
   * be bookmarked or sent to someone.
   */
  function restoreFromUrl() {
    const params = new URLSearchParams(window.location.search);
    for (const [key, id] of [
      ['type', 'f-type'],
      ['actor', 'f-actor'],
      ['country', 'f-country'],
      ['text', 'f-text'],
    ]) {
      const value = params.get(key);
      if (!value) continue;
      const el = $(id);
      if (el.tagName === 'SELECT' && ![...el.options].some((o) => o.value === value)) {
        el.append(h('option', { value }, value));
      }
      el.value = value;
    }
    // Months (`2018-03`); a full date counts for its month.
    const since = state.months.indexOf((params.get('since') || '').slice(0, 7));
    const until = state.months.indexOf((params.get('until') || '').slice(0, 7));
    if (since >= 0) $('t-from').value = String(since);
    if (until >= 0) $('t-to').value = String(until);
  }

  function saveToUrl() {
    const params = filterParams();
    const [from, to] = sliderRange();
    if (state.months.length && from > 0) params.set('since', state.months[from]);
    if (state.months.length && to < state.months.length - 1) params.set('until', state.months[to]);
    const query = params.toString();
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }

  async function start() {
    wire();
    const basemap = loadBasemap().catch((err) => showError('Loading the basemap', err));
    api('/v1/health')
      .then((health) => {
        $('server').textContent = `v${health.version} · ${health.writable ? 'writable' : 'read-only'}`;
      })
      .catch(() => {});
    try {
      const stats = await api('/v1/stats');
      fillSelects(stats);
      state.months = monthDomain(stats);
      setupSlider();
      restoreFromUrl();
    } catch (err) {
      showError('Loading statistics', err);
    }
    await basemap;
    await refresh();
  }

  start();
})();
