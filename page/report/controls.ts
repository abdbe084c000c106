// The list's controls: sort buttons, a text filter, minimum experiments, progress point,
// kinds of code, trusted only. Each change calls back with the new state.
import type { SiteKind } from '../../lib/report/types';
import { h } from '../dom';
import {
  defaultDescending,
  KIND_LABELS,
  SORT_LABELS,
  type SortKey,
  type ViewState,
} from './view-state';

export function renderControls(
  state: ViewState,
  points: readonly string[],
  onChange: () => void,
): HTMLElement {
  const sortButtons = (Object.keys(SORT_LABELS) as SortKey[]).map((key) =>
    h(
      'button',
      {
        attrs: { type: 'button', 'data-sort': key },
        on: {
          click: () => {
            if (state.sort === key) state.descending = !state.descending;
            else {
              state.sort = key;
              state.descending = defaultDescending(key);
            }
            markSort();
            onChange();
          },
        },
      },
      SORT_LABELS[key],
    ),
  );
  const markSort = () => {
    for (const button of sortButtons) {
      const active = button.dataset.sort === state.sort;
      button.classList.toggle('active', active);
      button.setAttribute('aria-pressed', String(active));
      button.dataset.dir = active ? (state.descending ? 'desc' : 'asc') : '';
    }
  };
  markSort();

  const text = h('input', {
    attrs: {
      type: 'search',
      placeholder: 'file, line or function',
      'aria-label': 'filter by name',
    },
    on: {
      input: () => {
        state.text = text.value;
        onChange();
      },
    },
  });
  const minExperiments = h('input', {
    attrs: {
      type: 'number',
      min: '0',
      step: '1',
      value: String(state.minExperiments),
      'aria-label': 'minimum experiments',
    },
    on: {
      input: () => {
        const n = Number(minExperiments.value);
        state.minExperiments = Number.isFinite(n) && n > 0 ? n : 0;
        onChange();
      },
    },
  });
  const point = h(
    'select',
    {
      attrs: { 'aria-label': 'progress point' },
      on: {
        change: () => {
          state.point = point.value;
          onChange();
        },
      },
    },
    h('option', { attrs: { value: '' } }, 'all progress points'),
    ...points.map((name) => h('option', { attrs: { value: name } }, name)),
  );
  const kinds = (Object.keys(KIND_LABELS) as SiteKind[]).map((kind) => {
    const box = h('input', {
      attrs: { type: 'checkbox', 'data-kind': kind },
      on: {
        change: () => {
          if (box.checked) state.kinds.add(kind);
          else state.kinds.delete(kind);
          onChange();
        },
      },
    });
    box.checked = state.kinds.has(kind);
    return h('label', { class: 'kind' }, box, ` ${KIND_LABELS[kind]}`);
  });
  const trusted = h('input', {
    attrs: { type: 'checkbox', 'data-filter': 'trusted' },
    on: {
      change: () => {
        state.trustedOnly = trusted.checked;
        onChange();
      },
    },
  });
  return h(
    'div',
    { class: 'controls', attrs: { role: 'toolbar' } },
    h('div', { class: 'sort' }, h('span', { class: 'label' }, 'Sort by'), ...sortButtons),
    h(
      'div',
      { class: 'filters' },
      h('label', {}, 'Find ', text),
      h('label', {}, 'At least ', minExperiments, ' experiments'),
      points.length > 1 ? point : null,
      ...kinds,
      h('label', {}, trusted, ' trusted only'),
    ),
  );
}
