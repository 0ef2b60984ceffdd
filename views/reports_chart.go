package views

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/summary"
)

// The trend chart is drawn on the server as SVG: bars of stacked outcomes
// per week, coloured by the page's CSS so they follow light and dark.
// Its box is a fixed 720 × 200 units, drawn at that many pixels at most.
const (
	chartWidth  = 720.0
	chartHeight = 170.0
	chartLeft   = 34.0 // room for the scale
	chartBottom = 24.0 // room for the week labels
)

type trendSegment struct {
	Class      string
	X, Y, W, H float64
}

type trendBar struct {
	Segments []trendSegment
	X, W     float64
	Label    string // the week's Monday
	Title    string
}

type trendChart struct {
	Width, Height float64
	Bars          []trendBar
	Max           int
	Plot          float64 // height of the plot area
}

func num(f float64) string { return fmt.Sprintf("%.1f", f) }

// newTrendChart lays the weeks out; a week's bar is as tall as its runs.
func newTrendChart(weeks []summary.Week) trendChart {
	c := trendChart{Width: chartWidth, Height: chartHeight + chartBottom, Plot: chartHeight}
	step := (chartWidth - chartLeft) / float64(max(1, len(weeks)))
	bar := min(56, step*0.6)
	for _, w := range weeks {
		c.Max = max(c.Max, w.Runs())
	}
	scale := 0.0
	if c.Max > 0 {
		scale = (chartHeight - 10) / float64(c.Max)
	}
	for i, w := range weeks {
		x := chartLeft + float64(i)*step + (step-bar)/2
		b := trendBar{X: x, W: bar, Label: shortDay(time.Date(w.Start.Year, w.Start.Month, w.Start.Date, 0, 0, 0, 0, time.UTC))}
		b.Title = fmt.Sprintf("Week of %s: %d runs, %s successful; %d success (%d overridden), %d warning, %d failed, %d missed",
			b.Label, w.Runs(), rate(w.Tally), w.Success, w.Overridden, w.Warning, w.Failed, w.Missed)
		y := chartHeight
		for _, p := range w.Parts() {
			h := float64(p.Runs) * scale
			y -= h
			b.Segments = append(b.Segments, trendSegment{Class: "bar-" + p.Outcome, X: x, Y: y, W: bar, H: h})
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}
