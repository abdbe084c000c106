// Building the page's elements. Every string goes in as a text node or an attribute value,
// never as markup: names come from profiles and source files, which anyone can write.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  title?: string;
  /** Attributes, set with setAttribute (values are never parsed as markup). */
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class !== undefined) element.className = props.class;
  if (props.title !== undefined) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** The page's data, written by lib/html/document.ts as JSON in <script id="data">. */
export function readPageData<T>(): T {
  const element = document.getElementById('data');
  if (element === null || element.textContent === null) throw new Error('no page data');
  return JSON.parse(element.textContent) as T;
}

export function addStyle(css: string): void {
  document.head.appendChild(h('style', {}, css));
}
