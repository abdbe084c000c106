// The parts of d3-flame-graph's API the page uses (the package ships no types).
declare module 'd3-flame-graph' {
  export interface HierarchyNode {
    data: { name: string; value: number; file?: string };
    value?: number;
  }
  export interface FlameGraph {
    (selection: import('d3-selection').Selection): void;
    width(width: number): FlameGraph;
    cellHeight(height: number): FlameGraph;
    minFrameSize(pixels: number): FlameGraph;
    transitionDuration(ms: number): FlameGraph;
    selfValue(self: boolean): FlameGraph;
    sort(sort: boolean): FlameGraph;
    inverted(inverted: boolean): FlameGraph;
    setLabelHandler(handler: (node: HierarchyNode) => string): FlameGraph;
    setDetailsElement(element: HTMLElement): FlameGraph;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    update(data?: unknown): void;
    destroy(): void;
  }
  export default function flamegraph(): FlameGraph;
}

declare module 'd3-selection' {
  export interface Selection {
    datum(data: unknown): Selection;
    call(fn: (selection: Selection) => void): Selection;
  }
  export function select(element: Element): Selection;
}
