// The network drawn with Cytoscape.js (loaded on first draw, in a chunk of its own). Nodes
// are coloured by their relation to the chosen organisation and sized by a centrality; a
// click on one chooses it. The layout is deterministic: on first draw each node starts at
// a position hashed from its code and the force layout (cose) runs from there; on a later
// date a node drawn before keeps its place and a new one joins its neighbours, so a node
// does not jump when the date moves.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Core, ElementDefinition } from 'cytoscape';
import { carryPositions, relationStyle, seedPosition, sizeScale, type Centrality } from '../../analytics';
import type { NetworkNode } from '../../analyticsApi';

type Cytoscape = typeof import('cytoscape');
let cytoscapeModule: Promise<Cytoscape> | null = null;
function loadCytoscape(): Promise<Cytoscape> {
  if (!cytoscapeModule) cytoscapeModule = import('cytoscape').then((m) => ((m as unknown as { default?: Cytoscape }).default ?? m) as Cytoscape);
  return cytoscapeModule;
}

/** the positions of every node drawn so far on this page (model coordinates), kept across dates */
const placed = new Map<string, { x: number; y: number }>();

export interface GraphEdge {
  a: string;
  b: string;
  weight: number;
}

export interface GraphHandle {
  /** a PNG of the whole graph as drawn (Cytoscape's own export) */
  png: () => Blob | null;
  /** an SVG of the whole graph: circles and lines at the drawn positions */
  svg: () => SVGSVGElement | null;
}

export function NetworkGraph({
  asOf,
  nodes,
  edges,
  relationOf,
  size,
  selected,
  dimmed,
  onSelect,
  label,
  handle,
}: {
  asOf: string;
  nodes: NetworkNode[];
  edges: GraphEdge[];
  relationOf: (iso3: string) => string | undefined;
  size: Centrality;
  selected: string | null;
  /** nodes not of this relation are faded (the legend's choice) */
  dimmed: ((iso3: string) => boolean) | null;
  onSelect: (iso3: string) => void;
  label: string;
  handle?: { current: GraphHandle | null };
}) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState<string | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    let gone = false;
    loadCytoscape().then(
      (cytoscape) => {
        if (gone || !box.current) return;
        const instance = cytoscape({
          container: box.current,
          elements: [],
          minZoom: 0.05,
          maxZoom: 4,
          boxSelectionEnabled: false,
          autoungrabify: true,
          autounselectify: true,
          style: [
            {
              selector: 'node',
              style: {
                'background-color': 'data(color)',
                'border-color': 'data(border)',
                'border-width': 1.5,
                'border-style': 'data(borderStyle)' as never,
                width: 'data(size)',
                height: 'data(size)',
                label: 'data(id)',
                'font-size': 9,
                color: '#17202e',
                'text-valign': 'center',
                'text-halign': 'center',
                'text-outline-color': '#fff',
                'text-outline-width': 1.5,
                'min-zoomed-font-size': 7,
              },
            },
            { selector: 'node.selected', style: { 'border-width': 4, 'border-color': '#d9730d', 'z-index': 10 } },
            { selector: 'node.faded', style: { opacity: 0.18 } },
            {
              selector: 'edge',
              style: { width: 'data(width)', 'line-color': '#8593a8', opacity: 0.18, 'curve-style': 'haystack' },
            },
            { selector: 'edge.near', style: { 'line-color': '#d9730d', opacity: 0.8, 'z-index': 5 } },
            { selector: 'edge.faded', style: { opacity: 0.04 } },
          ],
        });
        instance.on('tap', 'node', (e) => onSelectRef.current(e.target.id()));
        cy.current = instance;
        // a test finds a node's place on the screen through the container
        Object.defineProperty(box.current, 'cy', { value: instance, configurable: true });
        setDrawn('');
      },
      (e) => {
        cytoscapeModule = null;
        setError(`The graph library could not be loaded (${e instanceof Error ? e.message : String(e)}). The table below has the same data.`);
      },
    );
    return () => {
      gone = true;
      cy.current?.destroy();
      cy.current = null;
    };
  }, []);

  // the elements of this date: positions carried over, then a layout only for the first draw
  useEffect(() => {
    const c = cy.current;
    if (!c || drawn === null) return;
    const ids = nodes.map((n) => n.iso3);
    const near = new Map<string, string[]>();
    for (const e of edges) {
      (near.get(e.a) ?? near.set(e.a, []).get(e.a)!).push(e.b);
      (near.get(e.b) ?? near.set(e.b, []).get(e.b)!).push(e.a);
    }
    const first = placed.size === 0;
    const { positions } = carryPositions(ids, (id) => near.get(id) ?? [], first ? new Map(ids.map((id) => [id, seedPosition(id)])) : placed);
    const scale = sizeScale(nodes.map((n) => n[size]));
    const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
    const elements: ElementDefinition[] = nodes.map((n) => {
      const st = relationStyle(relationOf(n.iso3));
      return {
        group: 'nodes',
        data: { id: n.iso3, name: n.name, color: st.color, border: st.border, borderStyle: st.dashed ? 'dashed' : 'solid', size: Math.round(scale(n[size]) * 10) / 10 },
        position: { ...positions.get(n.iso3)! },
      };
    });
    for (const e of edges) elements.push({ group: 'edges', data: { id: `${e.a}-${e.b}`, source: e.a, target: e.b, width: 0.5 + (3 * e.weight) / maxWeight } });
    c.batch(() => {
      c.elements().remove();
      c.add(elements);
    });
    const finish = () => {
      c.nodes().forEach((n) => {
        placed.set(n.id(), { ...n.position() });
      });
      c.fit(undefined, 20);
      setDrawn(asOf);
    };
    if (first) {
      const layout = c.layout({ name: 'cose', randomize: false, animate: false, fit: true, padding: 20, numIter: 800, nodeRepulsion: () => 60000, idealEdgeLength: () => 90 } as never);
      layout.one('layoutstop', finish);
      layout.run();
    } else finish();
  }, [drawn === null, nodes, edges, size, relationOf]);

  // the chosen node and its ties stand out; the legend's relation fades the others
  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.batch(() => {
      c.elements().removeClass('selected near faded');
      if (dimmed) c.nodes().forEach((n) => {
          if (dimmed(n.id())) n.addClass('faded');
        });
      if (dimmed) c.edges().addClass('faded');
      if (selected) {
        const n = c.getElementById(selected);
        n.addClass('selected');
        n.connectedEdges().removeClass('faded').addClass('near');
      }
    });
  }, [selected, dimmed, drawn]);

  if (handle) {
    handle.current = {
      png: () => (cy.current ? (cy.current.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }) as unknown as Blob) : null),
      svg: () => (cy.current ? graphSvg(cy.current) : null),
    };
  }

  return (
    <div class="network-graph-wrap">
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div
        ref={box}
        class="network-graph"
        role="img"
        aria-label={label}
        data-testid="network-graph"
        data-as-of={drawn || undefined}
        data-nodes={drawn ? nodes.length : undefined}
      />
    </div>
  );
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** the graph as SVG: lines for the ties and circles for the nations, at the drawn positions */
function graphSvg(c: Core): SVGSVGElement {
  const bb = c.elements().boundingBox({});
  const pad = 10;
  const svg = document.createElementNS(SVG_NS, 'svg');
  const w = Math.ceil(bb.w + 2 * pad);
  const h = Math.ceil(bb.h + 2 * pad);
  svg.setAttribute('viewBox', `${Math.floor(bb.x1 - pad)} ${Math.floor(bb.y1 - pad)} ${w} ${h}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  const lines = document.createElementNS(SVG_NS, 'g');
  lines.setAttribute('stroke', '#8593a8');
  lines.setAttribute('stroke-opacity', '0.2');
  c.edges().forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    const l = document.createElementNS(SVG_NS, 'line');
    l.setAttribute('x1', s.x.toFixed(1));
    l.setAttribute('y1', s.y.toFixed(1));
    l.setAttribute('x2', t.x.toFixed(1));
    l.setAttribute('y2', t.y.toFixed(1));
    l.setAttribute('stroke-width', String(e.data('width')));
    lines.appendChild(l);
  });
  svg.appendChild(lines);
  const dots = document.createElementNS(SVG_NS, 'g');
  c.nodes().forEach((n) => {
    const p = n.position();
    const g = document.createElementNS(SVG_NS, 'g');
    const circle = document.createElementNS(SVG_NS, 'circle');
    circle.setAttribute('cx', p.x.toFixed(1));
    circle.setAttribute('cy', p.y.toFixed(1));
    circle.setAttribute('r', String(n.data('size') / 2));
    circle.setAttribute('fill', n.data('color'));
    circle.setAttribute('stroke', n.data('border'));
    if (n.data('borderStyle') === 'dashed') circle.setAttribute('stroke-dasharray', '3 2');
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = n.data('name');
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', p.x.toFixed(1));
    text.setAttribute('y', (p.y + 3).toFixed(1));
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('font-size', '9');
    text.setAttribute('font-family', 'system-ui, sans-serif');
    text.textContent = n.id();
    g.append(title, circle, text);
    dots.appendChild(g);
  });
  svg.appendChild(dots);
  return svg;
}
