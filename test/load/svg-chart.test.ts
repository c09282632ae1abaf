import { describe, expect, it } from 'vitest';
import { niceStep, renderLineChart } from '../../src/load/svg-chart.ts';

describe('inline SVG line chart', () => {
  it('steps its axes in 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.3, 6)).toBe(0.05);
    expect(niceStep(0, 5)).toBe(1);
  });

  it('draws a polyline per series, dots for a series of one point, and escapes every text', () => {
    const svg = renderLineChart({
      title: 'Latency <b>by</b> size',
      xLabel: 'objects',
      yLabel: 'ms',
      series: [
        { name: 'query mean', points: [[0, 1], [10, 2], [20, 4]], color: '#1f77b4' },
        { name: 'member add', points: [[20, 3]], color: '#9467bd' },
      ],
    }).html;
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain('Latency &lt;b&gt;by&lt;/b&gt; size');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('renders an empty chart without NaN', () => {
    expect(renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] }).html).not.toMatch(/NaN|Infinity/);
  });
});
