// Placing a point (issue 22): a typed address searched in the gazetteer (house numbers, crossings,
// buildings, roads, then streets, communities and grids, best first), the map (a click places), and
// what the chosen point is called and which unit grid holds it. The intake form lays these pieces
// out in its two columns; the 定位 dialog uses PlacePicker, which puts them together.
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { named, t } from '../i18n.js';
import { MapView } from './MapView.jsx';

// Candidates for a typed address: null before a search, [] when nothing matched.
export function usePlaceSearch() {
  const [places, setPlaces] = useState(null);
  const search = (text) => get(`/api/v1/places${query({ q: text })}`)
    .then((r) => setPlaces(r.places)).catch(() => setPlaces([]));
  return [places, search];
}

// The unit grid at a point and the place's name (undefined until known; grid null outside all).
export function usePlaceFacts(point) {
  const [grid, setGrid] = useState(undefined);
  const [name, setName] = useState('');
  useEffect(() => {
    if (!point) return;
    get(`/api/v1/grids/locate${query(point)}`).then((r) => setGrid(r.grid)).catch(() => setGrid(null));
    get(`/api/v1/places/reverse${query(point)}`).then((r) => setName(r.label)).catch(() => setName(''));
  }, [point?.lon, point?.lat]);
  return { grid, name };
}

// The candidates as buttons: "门牌 育才路12号 · 社区 · 街道 · 区".
export function PlaceCandidates({ places, onChoose }) {
  if (!places) return null;
  return (
    <div aria-live="polite">
      {places.length === 0 ? <p class="hint">{t('intake.no_place')}</p> : (
        <ul class="places">{places.map((p) => (
          <li key={`${p.kind}${p.code}${p.name}`}><button type="button" class="link" onClick={() => onChoose(p)}>
            {`${named('place', p.kind)} ${p.name}`}</button> <small>{p.within}{p.synthetic ? ` · ${t('intake.synthetic')}` : ''}</small></li>))}</ul>)}
    </div>);
}

export function PlaceFacts({ grid, name }) {
  return (<>
    <p aria-live="polite" class="grid-found">
      {grid === undefined ? '' : grid ? t('intake.grid', { grid: `${grid.code} ${grid.street?.name || ''} ${grid.community?.name || ''}` }) : t('intake.no_grid')}
    </p>
    {name && <p class="place-name" aria-live="polite">{t('intake.place_name', { place: name })}</p>}
  </>);
}

// A candidate with a point places it; a division without one moves the map onto its grids.
export const chooseWith = (pick, setFocus) => (place) => (place.point ? pick(place.point) : setFocus(place.box));

export function PlacePicker({ point, onPick, address = '', idPrefix, height = 280 }) {
  const [text, setText] = useState(address);
  const [places, search] = usePlaceSearch();
  const [focus, setFocus] = useState(null);
  const facts = usePlaceFacts(point);
  const find = () => search(text);
  return (
    <div class="place-picker">
      <p><label for={`${idPrefix}-address`}>{t('case.address')}</label></p>
      <p class="row">
        <span><input id={`${idPrefix}-address`} value={text} onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); if (text.trim()) find(); } }} /></span>
        <button type="button" disabled={!text.trim()} onClick={find}>{t('intake.find_address')}</button>
      </p>
      <PlaceCandidates places={places} onChoose={chooseWith(onPick, setFocus)} />
      <MapView point={point} onPick={onPick} focus={focus} label={t('intake.place')} height={height} />
      <PlaceFacts {...facts} />
    </div>);
}
