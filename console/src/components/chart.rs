//! Bar charts drawn as SVG: one bar per period, the number on hover and on keyboard focus (and
//! in the bar's accessible name), the largest value on the axis.

use leptos::prelude::*;

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The period (`Nov 21`, `10:00`).
    pub label: String,
    /// Its height.
    pub value: f64,
    /// The value as written (`1,204 tokens`).
    pub text: String,
}

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 120.0;
const AXIS: f64 = 14.0;

/// A bar chart of `bars`, titled `title`.
#[component]
pub fn BarChart(
    /// What it shows.
    title: &'static str,
    /// The bars, oldest first.
    #[prop(into)]
    bars: Signal<Vec<Bar>>,
    /// Its test id.
    testid: &'static str,
) -> impl IntoView {
    let plot = move || {
        let bars = bars.get();
        let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        let n = bars.len().max(1) as f64;
        let slot = WIDTH / n;
        let width = (slot * 0.7).max(1.0);
        let last = bars.len().saturating_sub(1);
        let middle = last / 2;
        bars.into_iter()
            .enumerate()
            .map(|(i, bar)| {
                let h = if max > 0.0 { (bar.value / max) * (HEIGHT - AXIS - 14.0) } else { 0.0 };
                let x = i as f64 * slot + (slot - width) / 2.0;
                let y = HEIGHT - AXIS - h;
                let name = format!("{}: {}", bar.label, bar.text);
                let show_label = i == 0 || i == last || i == middle;
                let label_x = x + width / 2.0;
                view! {
                    <g class="bar" tabindex="0" role="img" aria-label=name.clone()>
                        <title>{name.clone()}</title>
                        // The whole slot reacts to the pointer, however short the bar.
                        <rect class="hit" x=i as f64 * slot y="0" width=slot height=HEIGHT - AXIS/>
                        <rect class="fill" x=x y=y width=width height=h.max(if bar.value > 0.0 { 1.0 } else { 0.0 }) rx="2"/>
                        <text class="value" x=label_x y=(y - 4.0).max(10.0) text-anchor="middle">{bar.text.clone()}</text>
                        {show_label.then(|| view! {
                            <text class="axis" x=label_x y=HEIGHT - 4.0 text-anchor="middle">{bar.label.clone()}</text>
                        })}
                    </g>
                }
            })
            .collect_view()
    };
    let empty = move || bars.with(|b| b.iter().all(|b| b.value == 0.0));
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="group" aria-label=title>
                <line class="baseline" x1="0" x2=WIDTH y1=HEIGHT - AXIS y2=HEIGHT - AXIS/>
                {plot}
            </svg>
            {move || empty().then(|| view! { <p class="hint">"Nothing in this period yet."</p> })}
        </figure>
    }
}
