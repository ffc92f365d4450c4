import { useEffect, useState } from 'preact/hooks';
import { Api, type Session } from '../api.js';
import type { Schemas } from '../../../client/index.js';
import { usd } from './format.js';

interface Bar {
  label: string;
  value: number;
  group?: string;
}

const COLORS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)'];

/** A small SVG bar chart; the same figures are in the table below it for screen readers. */
function BarChart(props: { bars: Bar[]; title: string }) {
  const { bars } = props;
  const groups = [...new Set(bars.map((b) => b.group ?? ''))];
  const max = Math.max(...bars.map((b) => b.value), 0.0001);
  const bw = 34;
  const gap = 14;
  const h = 120;
  const top = 18;
  const w = bars.length * (bw + gap) + gap;
  return (
    <figure class="chart">
      <svg width={w} height={top + h + 22} viewBox={`0 0 ${w} ${top + h + 22}`} role="img" aria-label={props.title}>
        {bars.map((b, i) => {
          const bh = Math.max((b.value / max) * h, b.value > 0 ? 1 : 0);
          const x = gap + i * (bw + gap);
          return (
            <g key={i}>
              <rect x={x} y={top + h - bh} width={bw} height={bh} rx={3} fill={COLORS[groups.indexOf(b.group ?? '') % COLORS.length]}>
                <title>
                  {b.group ? `${b.group} ` : ''}
                  {b.label}: {usd(b.value)}
                </title>
              </rect>
              <text x={x + bw / 2} y={top + h - bh - 4} class="chart-value">
                {usd(b.value)}
              </text>
              <text x={x + bw / 2} y={top + h + 15} class="chart-label">
                {b.label}
              </text>
            </g>
          );
        })}
        <line x1="0" y1={top + h} x2={w} y2={top + h} class="axis" />
      </svg>
      <figcaption>
        {props.title}
        {groups.length > 1 &&
          groups.map((g, i) => (
            <span key={g} class="legend">
              <span class="swatch" style={{ background: COLORS[i % COLORS.length] }} /> {g}
            </span>
          ))}
      </figcaption>
    </figure>
  );
}

export function SessionUsage(props: { api: Api; session: Session; refresh: number }) {
  const [data, setData] = useState<Schemas['SessionUsage'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    props.api.client
      .GET('/sessions/{id}/usage', { params: { path: { id: props.session.id } } })
      .then((r) => setData(Api.ok(r)))
      .catch((e: Error) => setError(e.message));
  }, [props.api, props.session.id, props.refresh]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const t = data.totals;
  return (
    <section class="usage panel" aria-labelledby="su-title">
      <h2 id="su-title">Usage of this session</h2>
      <dl class="totals">
        <dt>Cost</dt>
        <dd>{usd(t.costUsd)}</dd>
        <dt>Input tokens</dt>
        <dd>{t.inputTokens}</dd>
        <dt>Output tokens</dt>
        <dd>{t.outputTokens}</dd>
        <dt>Cache read / created</dt>
        <dd>
          {t.cacheReadInputTokens} / {t.cacheCreationInputTokens}
        </dd>
        <dt>Budget left</dt>
        <dd>{data.budget.maxBudgetUsd === null ? 'no cap' : `${usd(data.budget.remainingUsd)} of ${usd(data.budget.maxBudgetUsd)}`}</dd>
      </dl>
      {data.turns.length > 0 && <BarChart title="Cost per turn (the last 30)" bars={data.turns.slice(-30).map((x) => ({ label: `#${x.number}`, value: x.costUsd }))} />}
      <table>
        <caption class="sr-only">Turns</caption>
        <thead>
          <tr>
            <th scope="col">Turn</th>
            <th scope="col">Status</th>
            <th scope="col">Cost</th>
            <th scope="col">Tokens in / out</th>
          </tr>
        </thead>
        <tbody>
          {data.turns.map((x) => (
            <tr key={x.turnId}>
              <td>{x.number}</td>
              <td>{x.status}</td>
              <td>{usd(x.costUsd)}</td>
              <td>{x.usage ? `${x.usage.inputTokens} / ${x.usage.outputTokens}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Spend by key and day (an admin key sees every key) over the last 30 days. */
export function KeyUsage(props: { api: Api }) {
  const [data, setData] = useState<Schemas['UsageReport'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const from = isoDay(new Date(Date.now() - 29 * 86_400_000));
    props.api.client
      .GET('/usage', { params: { query: { from } } })
      .then((r) => setData(Api.ok(r)))
      .catch((e: Error) => setError(e.message));
  }, [props.api]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const rows = Object.entries(data.keys).flatMap(([key, k]) => Object.entries(k.days).map(([day, d]) => ({ key, day, ...d.totals })));
  rows.sort((a, b) => a.day.localeCompare(b.day) || a.key.localeCompare(b.key));
  return (
    <section class="usage panel" aria-labelledby="ku-title">
      <h2 id="ku-title">Usage by key and day</h2>
      {rows.length === 0 ? (
        <p class="empty">No usage recorded in the last 30 days.</p>
      ) : (
        <>
          <BarChart title="Cost per key and day" bars={rows.map((r) => ({ label: r.day.slice(5), value: r.costUsd, group: r.key }))} />
          <table>
            <caption class="sr-only">Usage by key and day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Key</th>
                <th scope="col">Turns</th>
                <th scope="col">Cost</th>
                <th scope="col">Tokens in / out</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.day}-${r.key}`}>
                  <td>{r.day}</td>
                  <td>{r.key}</td>
                  <td>{r.turns}</td>
                  <td>{usd(r.costUsd)}</td>
                  <td>
                    {r.inputTokens} / {r.outputTokens}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {Object.entries(data.budgets ?? {}).map(([key, b]) => (
        <p key={key}>
          {key}: {usd(b.spentUsd)} of {usd(b.limitUsd)} this {b.period}
        </p>
      ))}
    </section>
  );
}
