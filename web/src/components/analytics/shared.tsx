// What the analytics pages share: a problem's field errors by the control they name (the API's
// errors[].parameter, "weights/bogus" naming the control "weights"), a number field that
// commits after a pause in typing, and a Plot figure sized to its container.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';

/** the details of `error` naming each of `fields` (a parameter "weights/x" names "weights"), and the rest */
export function paramErrors(error: unknown, fields: readonly string[]): { by: Record<string, string[]>; other: string[] } {
  const out = { by: {} as Record<string, string[]>, other: [] as string[] };
  if (!(error instanceof ApiError)) return out;
  for (const e of error.errors) {
    const name = (e.parameter ?? '').split('/')[0];
    if (name && fields.includes(name)) (out.by[name] ??= []).push(e.detail);
    else out.other.push(e.detail);
  }
  return out;
}

/** the error messages under a control; `id` is what its aria-describedby names */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span class="field-error" id={id} role="alert" data-field-error={id}>
      {errors.join(' ')}
    </span>
  );
}

/** a number input that reports its value after `ms` of quiet; empty or not a number is not reported */
export function NumberField({
  id,
  label,
  value,
  onValue,
  min,
  max,
  step,
  errors,
  help,
  ms = 350,
}: {
  id: string;
  label: ComponentChildren;
  value: number;
  onValue: (v: number) => void;
  min?: number;
  max?: number;
  step?: number;
  errors?: string[];
  help?: string;
  ms?: number;
}) {
  const [text, setText] = useState(String(value));
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (Number(text) !== value) setText(String(value));
  }, [value]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const errId = `${id}-error`;
  return (
    <div class={`field${errors?.length ? ' has-error' : ''}`} data-field={id}>
      <label class="eyebrow" for={id}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        title={help}
        aria-invalid={errors?.length ? 'true' : undefined}
        aria-describedby={errors?.length ? errId : undefined}
        onInput={(e) => {
          const t = (e.currentTarget as HTMLInputElement).value;
          setText(t);
          window.clearTimeout(timer.current);
          const n = Number(t);
          if (t.trim() === '' || !Number.isFinite(n)) return;
          timer.current = window.setTimeout(() => onValue(n), ms);
        }}
      />
      <FieldErrors id={errId} errors={errors} />
    </div>
  );
}

/** the width of an element, measured before the first paint and whenever it resizes */
export function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/** Plot names its marks' <g> with aria-label, which no role of a <g> allows: they move to data-mark */
function tidyAria(root: Element) {
  for (const el of root.querySelectorAll('[aria-label], [aria-description]')) {
    if (el === root) continue;
    const name = el.getAttribute('aria-label');
    if (name !== null) el.setAttribute('data-mark', name);
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
}

/**
 * A Plot chart: `draw(width)` builds it; redrawn when `deps` or the width change. The SVG is
 * one image named by `label`; the table beside it carries the numbers.
 */
export function PlotFigure({ draw, deps, label, testid }: { draw: (width: number) => SVGSVGElement | HTMLElement; deps: unknown[]; label: string; testid?: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const chart = draw(width);
    // with a legend, Plot wraps the chart's svg in a <figure> beside the swatches' own small svgs
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector<SVGSVGElement>(':scope > svg[class^="plot"]');
    tidyAria(chart);
    for (const swatch of chart.querySelectorAll('svg')) if (swatch !== svg) swatch.setAttribute('aria-hidden', 'true');
    if (svg) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', label);
    }
    el.replaceChildren(chart);
    el.setAttribute('data-drawn', '');
    const observer = new MutationObserver(() => svg && tidyAria(svg));
    // (the observer watches the chart's svg: the marks Plot draws later, such as a tip)
    if (svg) observer.observe(svg, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'aria-description'] });
    return () => {
      observer.disconnect();
      el.removeAttribute('data-drawn');
      chart.remove();
    };
  }, [width, label, ...deps]);
  return <div ref={ref} class="plot" data-testid={testid} />;
}
