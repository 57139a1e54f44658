/**
 * The dashboard's charts: d3 computes the geometry (scales, arcs, lines), React draws the SVG, as
 * the stakeholder map does. Every chart is a figure whose caption names it, an SVG image labelled
 * by that caption, and a table with the same numbers for screen readers (visually hidden).
 * Colours come from dashboard.css (theme variables), never from here.
 */
import { arc, line, pie, scaleBand, scaleLinear } from 'd3';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const COLOUR_KEYS = ['green', 'yellow', 'red', 'none'] as const;
export type ColourKey = (typeof COLOUR_KEYS)[number];

const WIDTH = 560;
const HEIGHT = 200;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };

/** A chart's frame: caption, the drawing (hidden from screen readers but named) and its table. */
export function ChartFigure({
  title,
  head,
  rows,
  children,
  empty,
  className,
}: {
  title: string;
  /** The table's column headings; the first heads the row headings. */
  head: readonly string[];
  rows: readonly (readonly ReactNode[])[];
  children: ReactNode;
  /** Shown instead of the chart and the table when there is nothing to draw. */
  empty?: string | null;
  className?: string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <figure className={`dash-chart${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <figcaption id={titleId} className="dash-chart-title">
        {title}
      </figcaption>
      {empty ? (
        <p className="list-note dash-empty">{empty}</p>
      ) : (
        <>
          {children}
          <table className="visually-hidden" aria-label={t('dashboard.tableOf', { title })}>
            <thead>
              <tr>
                {head.map((heading) => (
                  <th key={heading} scope="col">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, column) =>
                    column === 0 ? (
                      <th key={column} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={column}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}

/** The SVG of a chart: an image named by its figure's caption; the table beside it carries the numbers. */
function Svg({ title, width = WIDTH, height = HEIGHT, children }: { title: string; width?: number; height?: number; children: ReactNode }) {
  return (
    <svg className="dash-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
      <title>{title}</title>
      {children}
    </svg>
  );
}

/** A donut of counts per colour, with the total in the middle. */
export function ColourDonut({ title, counts, totalText }: { title: string; counts: Record<ColourKey, number>; totalText: string }) {
  const slices = pie<ColourKey>()
    .sort(null)
    .value((key) => counts[key])(COLOUR_KEYS.filter((key) => counts[key] > 0));
  const draw = arc<(typeof slices)[number]>().innerRadius(52).outerRadius(84);
  return (
    <Svg title={title} width={200} height={200}>
      <g transform="translate(100,100)">
        {slices.map((slice) => (
          <path key={slice.data} className={`dash-fill-${slice.data}`} d={draw(slice) ?? ''} />
        ))}
        <text className="dash-label dash-centre" textAnchor="middle" dy="0.35em">
          {totalText}
        </text>
      </g>
    </Svg>
  );
}

/** Rows of bars stacked by colour (the lifecycle funnel: centred, widest stage widest). */
export function StackedRows({
  title,
  rows,
  centred = false,
  labelWidth = 110,
}: {
  title: string;
  rows: readonly { label: string; counts: Record<ColourKey, number> }[];
  centred?: boolean;
  /** Room for the row labels, in the drawing's units (long indicator names need more than stage names). */
  labelWidth?: number;
}) {
  const rowHeight = 30;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((row) => COLOUR_KEYS.reduce((sum, key) => sum + row.counts[key], 0)));
  const x = scaleLinear()
    .domain([0, max])
    .range([0, WIDTH - labelWidth - 40]);
  const y = scaleBand()
    .domain(rows.map((row) => row.label))
    .range([4, height - 4])
    .padding(0.2);
  return (
    <Svg title={title} height={height}>
      {rows.map((row) => {
        const total = COLOUR_KEYS.reduce((sum, key) => sum + row.counts[key], 0);
        let offset = labelWidth + (centred ? (x(max) - x(total)) / 2 : 0);
        const top = y(row.label) ?? 0;
        return (
          <g key={row.label}>
            <text className="dash-label" x={labelWidth - 8} y={top + y.bandwidth() / 2} textAnchor="end" dy="0.35em">
              {row.label}
            </text>
            {COLOUR_KEYS.map((key) => {
              const width = x(row.counts[key]);
              const rect = width > 0 ? <rect key={key} className={`dash-fill-${key}`} x={offset} y={top} width={width} height={y.bandwidth()} /> : null;
              offset += width;
              return rect;
            })}
            <text className="dash-label" x={offset + 6} y={top + y.bandwidth() / 2} dy="0.35em">
              {total}
            </text>
          </g>
        );
      })}
    </Svg>
  );
}

/** A heat grid: rows × columns, each cell's shade by its count (the tier × colour matrix). */
export function HeatGrid({
  title,
  rows,
  columns,
}: {
  title: string;
  rows: readonly { label: string; cells: readonly number[] }[];
  columns: readonly { label: string; colour: ColourKey }[];
}) {
  const labelWidth = 110;
  const headHeight = 26;
  const cellHeight = 34;
  const height = headHeight + rows.length * cellHeight + 4;
  const max = Math.max(1, ...rows.flatMap((row) => row.cells));
  const x = scaleBand()
    .domain(columns.map((column) => column.label))
    .range([labelWidth, WIDTH - 4])
    .padding(0.08);
  const shade = scaleLinear().domain([0, max]).range([0.08, 1]);
  return (
    <Svg title={title} height={height}>
      {columns.map((column) => (
        <text key={column.label} className="dash-label" x={(x(column.label) ?? 0) + x.bandwidth() / 2} y={16} textAnchor="middle">
          {column.label}
        </text>
      ))}
      {rows.map((row, r) => {
        const top = headHeight + r * cellHeight;
        return (
          <g key={row.label}>
            <text className="dash-label" x={labelWidth - 8} y={top + cellHeight / 2} textAnchor="end" dy="0.35em">
              {row.label}
            </text>
            {columns.map((column, c) => {
              const count = row.cells[c] ?? 0;
              const left = x(column.label) ?? 0;
              return (
                <g key={column.label}>
                  <rect
                    className={`dash-fill-${column.colour}`}
                    x={left}
                    y={top + 2}
                    width={x.bandwidth()}
                    height={cellHeight - 4}
                    rx={4}
                    fillOpacity={count === 0 ? 0.06 : shade(count)}
                  />
                  <text className="dash-label dash-cell-count" x={left + x.bandwidth() / 2} y={top + cellHeight / 2} textAnchor="middle" dy="0.35em">
                    {count}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </Svg>
  );
}

/** Tick labels every `step` of the x band, so 24 months stay readable. */
const everyNth = (labels: readonly string[], wanted = 6) => Math.max(1, Math.ceil(labels.length / wanted));

function Axes({
  x,
  y,
  labels,
  format,
}: {
  x: (label: string) => number;
  y: ReturnType<typeof scaleLinear<number, number>>;
  labels: readonly string[];
  format: (value: number) => string;
}) {
  const step = everyNth(labels);
  return (
    <g className="dash-axis">
      {y.ticks(4).map((tick) => (
        <g key={tick}>
          <line className="dash-gridline" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
          <text className="dash-label" x={MARGIN.left - 6} y={y(tick)} textAnchor="end" dy="0.35em">
            {format(tick)}
          </text>
        </g>
      ))}
      {labels.map((label, index) =>
        index % step === 0 || index === labels.length - 1 ? (
          <text key={label} className="dash-label" x={x(label)} y={HEIGHT - 8} textAnchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
}

/**
 * Bars per label (a second, overlaid series drawn narrower: complaints among requests), and an
 * optional line over them (a moving average).
 */
export function BarChart({
  title,
  labels,
  bars,
  overlay,
  trend,
  format = String,
}: {
  title: string;
  labels: readonly string[];
  bars: readonly number[];
  overlay?: readonly number[];
  trend?: readonly (number | null)[];
  format?: (value: number) => string;
}) {
  const max = Math.max(1, ...bars, ...(trend ?? []).map((v) => v ?? 0));
  const x = scaleBand()
    .domain(labels)
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.2);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const centre = (label: string) => (x(label) ?? 0) + x.bandwidth() / 2;
  const trendPath = trend
    ? line<number | null>()
        .defined((v) => v !== null)
        .x((_, i) => centre(labels[i]!))
        .y((v) => y(v ?? 0))(trend as (number | null)[])
    : null;
  return (
    <Svg title={title}>
      <Axes x={centre} y={y} labels={labels} format={format} />
      {labels.map((label, i) => (
        <g key={label}>
          <rect className="dash-fill-bar" x={x(label)} y={y(bars[i] ?? 0)} width={x.bandwidth()} height={y(0) - y(bars[i] ?? 0)} />
          {overlay && (overlay[i] ?? 0) > 0 && (
            <rect
              className="dash-fill-overlay"
              x={(x(label) ?? 0) + x.bandwidth() / 4}
              y={y(overlay[i] ?? 0)}
              width={x.bandwidth() / 2}
              height={y(0) - y(overlay[i] ?? 0)}
            />
          )}
        </g>
      ))}
      {trendPath && <path className="dash-line dash-line-trend" d={trendPath} />}
    </Svg>
  );
}

/**
 * Lines over labels on a fixed scale; `bands` shades each label's column (a month's health
 * colour behind the score line).
 */
export function LineChart({
  title,
  labels,
  series,
  domain,
  bands,
  format = String,
}: {
  title: string;
  labels: readonly string[];
  series: readonly { name: string; className: string; values: readonly (number | null)[]; domain?: [number, number] }[];
  domain: [number, number];
  bands?: readonly ColourKey[];
  format?: (value: number) => string;
}) {
  const x = scaleBand()
    .domain(labels)
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0);
  const y = scaleLinear()
    .domain(domain)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const centre = (label: string) => (x(label) ?? 0) + x.bandwidth() / 2;
  return (
    <Svg title={title}>
      {bands?.map((band, i) => (
        <rect
          key={labels[i]}
          className={`dash-band dash-fill-${band}`}
          x={x(labels[i]!)}
          y={MARGIN.top}
          width={x.bandwidth()}
          height={HEIGHT - MARGIN.top - MARGIN.bottom}
        />
      ))}
      <Axes x={centre} y={y} labels={labels} format={format} />
      {series.map((s) => {
        // A series on its own scale (CSAT 1–5 beside NPS −100…100) is mapped onto the chart's.
        const own = s.domain ? scaleLinear().domain(s.domain).range(domain) : (v: number) => v;
        const path = line<number | null>()
          .defined((v) => v !== null)
          .x((_, i) => centre(labels[i]!))
          .y((v) => y(own(v ?? 0)))(s.values as (number | null)[]);
        return (
          <g key={s.name} className={s.className}>
            <path className="dash-line" d={path ?? ''} />
            {s.values.map((v, i) => (v === null ? null : <circle key={labels[i]} className="dash-point" cx={centre(labels[i]!)} cy={y(own(v))} r={3} />))}
          </g>
        );
      })}
    </Svg>
  );
}
