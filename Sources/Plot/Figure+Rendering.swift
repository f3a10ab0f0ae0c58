import Foundation

/// Rendering of a figure into pixels, laid out as matplotlib lays out a single-axes figure.
extension Figure {
    /// Draws the figure into an RGB canvas of `pixelSize(dpi:)`.
    ///
    /// Order, as matplotlib's z-orders: figure and axes backgrounds, the grid (under everything
    /// for seaborn styles, else above bars and under lines), bars, lines and markers (clipped to
    /// the axes), spines, ticks and tick labels, axis labels, title, legend.
    /// - Throws: `PlotError(.resource)` when the font is missing; `PlotError(.value)` for bad sizes.
    public func render(dpi: Double? = nil, fontPath: String = Font.defaultPath) throws -> Canvas {
        let resolution = dpi ?? self.dpi
        let size = try pixelSize(dpi: resolution)
        var renderer = try FigureRenderer(figure: self, width: size.width, height: size.height,
                                          dpi: resolution, font: Font(path: fontPath))
        renderer.draw()
        return renderer.canvas
    }
}

/// The state of one rendering: canvas, font, layout and data-to-pixel transform.
struct FigureRenderer {
    let figure: Figure
    let axes: Axes
    let style: StyleParameters
    let font: Font
    let dpi: Double
    var canvas: Canvas
    /// The axes box in pixels, snapped to whole pixels.
    let box: Rect
    let xLimits: (Double, Double)
    let yLimits: (Double, Double)

    init(figure: Figure, width: Int, height: Int, dpi: Double, font: Font) {
        self.figure = figure
        axes = figure.axes
        style = figure.style.parameters
        self.font = font
        self.dpi = dpi
        canvas = Canvas(width: width, height: height, background: style.figureBackground)
        let w = Double(width), h = Double(height)
        let left = (0.125 * w).rounded(), right = (0.9 * w).rounded()
        let top = ((1 - 0.88) * h).rounded(), bottom = ((1 - 0.11) * h).rounded()
        box = Rect(x: left, y: top, width: max(1, right - left), height: max(1, bottom - top))
        (xLimits, yLimits) = axes.viewLimits()
    }

    /// Pixels per point.
    var pt: Double { dpi / 72 }

    func pixelX(_ x: Double) -> Double { box.x + (x - xLimits.0) / (xLimits.1 - xLimits.0) * box.width }
    func pixelY(_ y: Double) -> Double { box.y + box.height - (y - yLimits.0) / (yLimits.1 - yLimits.0) * box.height }

    mutating func draw() {
        canvas.fill(box, color: style.axesBackground)
        let xBins = max(1, min(9, Int((box.width / pt / (style.fontSize * 3)).rounded(.down))))
        let yBins = max(1, min(9, Int((box.height / pt / (style.fontSize * 2)).rounded(.down))))
        let xTicks = Self.visible(axes.xTicks?.positions, limits: xLimits)
            ?? TickLocator.ticks(lower: xLimits.0, upper: xLimits.1, maximumBins: xBins)
        let yTicks = Self.visible(axes.yTicks?.positions, limits: yLimits)
            ?? TickLocator.ticks(lower: yLimits.0, upper: yLimits.1, maximumBins: yBins)
        let showGrid = axes.gridVisible ?? style.gridVisible
        if showGrid && style.gridBelowEverything { drawGrid(xTicks: xTicks, yTicks: yTicks) }
        canvas.clip = box
        for case .bars(let bars) in axes.artists { drawBars(bars) }
        canvas.clip = fullCanvas
        if showGrid && !style.gridBelowEverything { drawGrid(xTicks: xTicks, yTicks: yTicks) }
        canvas.clip = box
        for artist in axes.artists {
            switch artist {
            case .bars: break
            case .line(let line): drawLine(line)
            case .scatter(let points): drawScatter(points)
            }
        }
        canvas.clip = fullCanvas
        drawSpines()
        drawAxisDecorations(xTicks: xTicks, yTicks: yTicks)
        if axes.legendVisible { drawLegend() }
    }

    /// The explicit tick positions inside the view limits, or `nil` when there are none.
    static func visible(_ positions: [Double]?, limits: (Double, Double)) -> [Double]? {
        guard let positions else { return nil }
        let low = min(limits.0, limits.1), high = max(limits.0, limits.1)
        let slack = (high - low) * 1e-10
        return positions.filter { $0 >= low - slack && $0 <= high + slack }
    }

    var fullCanvas: Rect { Rect(x: 0, y: 0, width: Double(canvas.width), height: Double(canvas.height)) }

    // MARK: Crisp axis-aligned lines

    /// A horizontal line `width` pixels thick centred on `y`, snapped to whole pixels.
    mutating func horizontalLine(y: Double, from x0: Double, to x1: Double, width: Double, color: Color) {
        let thickness = max(1, width.rounded())
        let top = (y - thickness / 2).rounded()
        canvas.fill(Rect(x: min(x0, x1), y: top, width: abs(x1 - x0), height: thickness), color: color)
    }

    /// A vertical line `width` pixels thick centred on `x`, snapped to whole pixels.
    mutating func verticalLine(x: Double, from y0: Double, to y1: Double, width: Double, color: Color) {
        let thickness = max(1, width.rounded())
        let left = (x - thickness / 2).rounded()
        canvas.fill(Rect(x: left, y: min(y0, y1), width: thickness, height: abs(y1 - y0)), color: color)
    }

    mutating func drawGrid(xTicks: [Double], yTicks: [Double]) {
        let width = style.gridWidth * pt
        for t in xTicks {
            verticalLine(x: pixelX(t), from: box.y, to: box.y + box.height, width: width, color: style.gridColor)
        }
        for t in yTicks {
            horizontalLine(y: pixelY(t), from: box.x, to: box.x + box.width, width: width, color: style.gridColor)
        }
    }

    mutating func drawSpines() {
        let width = style.spineWidth * pt
        let (left, top) = (box.x, box.y), (right, bottom) = (box.x + box.width, box.y + box.height)
        let half = max(1, width.rounded()) / 2
        horizontalLine(y: top, from: left - half, to: right + half, width: width, color: style.spineColor)
        horizontalLine(y: bottom, from: left - half, to: right + half, width: width, color: style.spineColor)
        verticalLine(x: left, from: top - half, to: bottom + half, width: width, color: style.spineColor)
        verticalLine(x: right, from: top - half, to: bottom + half, width: width, color: style.spineColor)
    }

    // MARK: Series

    mutating func drawBars(_ bars: BarSeries) {
        let edge = bars.edgeColor ?? style.patchEdgeColor
        let edgeWidth = (bars.edgeWidth ?? style.patchEdgeWidth) * pt
        for i in bars.lefts.indices {
            let x0 = pixelX(bars.lefts[i]), x1 = pixelX(bars.lefts[i] + bars.widths[i])
            let y0 = pixelY(bars.bottoms[i]), y1 = pixelY(bars.bottoms[i] + bars.heights[i])
            guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { continue }
            // matplotlib snaps rectangle edges to pixel boundaries.
            let left = min(x0, x1).rounded(), right = max(x0, x1).rounded()
            let top = min(y0, y1).rounded(), bottom = max(y0, y1).rounded()
            let rect = Rect(x: left, y: top, width: right - left, height: bottom - top)
            if rect.height <= 0 { continue }
            canvas.fill(rect, color: bars.color)
            if let edge, edge.alpha > 0, edgeWidth > 0 {
                let inner = edgeWidth / 2
                let corners = [Point(x: left, y: bottom), Point(x: left, y: top),
                               Point(x: right, y: top), Point(x: right, y: bottom)]
                canvas.stroke(corners, lineWidth: inner * 2, color: edge)
            }
        }
    }

    mutating func drawLine(_ line: LineSeries) {
        let points = zip(line.x, line.y).map { Point(x: pixelX($0), y: pixelY($1)) }
        let width = line.lineWidth * pt
        // A NaN breaks the line, as in matplotlib.
        var run: [Point] = []
        var runs: [[Point]] = []
        for p in points {
            if p.x.isFinite && p.y.isFinite { run.append(p) } else if !run.isEmpty { runs.append(run); run = [] }
        }
        if !run.isEmpty { runs.append(run) }
        if line.lineStyle != .none {
            for run in runs {
                for piece in Self.dashes(run, style: line.lineStyle, lineWidth: width) {
                    canvas.stroke(piece, lineWidth: width, color: line.color, buttCaps: line.lineStyle != .solid)
                }
            }
        }
        if line.markers {
            for p in points { canvas.fillCircle(center: p, radius: line.markerSize * pt / 2, color: line.color) }
        }
    }

    mutating func drawScatter(_ points: ScatterSeries) {
        for i in points.x.indices {
            let radius = max(0, points.areas[i]).squareRoot() * pt / 2
            canvas.fillCircle(center: Point(x: pixelX(points.x[i]), y: pixelY(points.y[i])), radius: radius,
                              color: points.color)
        }
    }

    /// Cuts a polyline into its "on" pieces for a dash pattern (matplotlib's patterns, scaled by
    /// the line width: dashed 3.7/1.6, dotted 1/1.65, dash-dot 6.4/1.6/1/1.6).
    static func dashes(_ points: [Point], style: LineStyle, lineWidth: Double) -> [[Point]] {
        let pattern: [Double]
        switch style {
        case .solid, .none: return [points]
        case .dashed: pattern = [3.7, 1.6]
        case .dotted: pattern = [1, 1.65]
        case .dashDot: pattern = [6.4, 1.6, 1, 1.6]
        }
        let scaled = pattern.map { max(0.5, $0 * max(lineWidth, 1)) }
        var pieces: [[Point]] = []
        var current: [Point] = []
        var index = 0, remaining = scaled[0]
        var on = true
        if let first = points.first { current = [first] }
        for (a, b) in zip(points, points.dropFirst()) {
            var start = a
            var length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            while length > 0 {
                let step = min(length, remaining)
                let t = step / length
                let end = Point(x: start.x + (b.x - start.x) * t, y: start.y + (b.y - start.y) * t)
                if on { current.append(end) }
                start = end
                length -= step
                remaining -= step
                if remaining <= 1e-9 {
                    if on, current.count > 1 { pieces.append(current) }
                    current = [end]
                    on.toggle()
                    index = (index + 1) % scaled.count
                    remaining = scaled[index]
                }
            }
        }
        if on, current.count > 1 { pieces.append(current) }
        return pieces
    }
}
