/// Text, ticks, labels and the legend of a rendering.
extension FigureRenderer {
    enum HorizontalAlignment { case left, center, right }
    enum VerticalAlignment { case top, center, baseline, bottom }

    /// Draws one line of text anchored at `anchor` (pixels) and returns its box.
    /// With `vertical`, the text reads bottom to top and the alignments apply to the turned box
    /// (as matplotlib's y label).
    @discardableResult
    mutating func drawText(_ text: String, points: Double, at anchor: Point, horizontal: HorizontalAlignment,
                           vertical: VerticalAlignment, color: Color, rotated: Bool = false, degrees: Double = 0) -> Rect {
        guard !text.isEmpty else { return Rect(x: anchor.x, y: anchor.y, width: 0, height: 0) }
        var (mask, baseline) = font.render(text, points: points, dpi: dpi)
        var baselineOffset = Double(baseline)
        let angle = rotated ? 90 : degrees
        if angle != 0 {
            mask = mask.rotated(degrees: angle)
            baselineOffset = Double(mask.height) / 2
        }
        let w = Double(mask.width), h = Double(mask.height)
        let x: Double
        switch horizontal {
        case .left: x = anchor.x
        case .center: x = anchor.x - w / 2
        case .right: x = anchor.x - w
        }
        let y: Double
        switch vertical {
        case .top: y = anchor.y
        case .center: y = anchor.y - h / 2
        case .baseline: y = angle != 0 ? anchor.y - h : anchor.y - baselineOffset
        case .bottom: y = anchor.y - h
        }
        let left = Int(x.rounded()), top = Int(y.rounded())
        canvas.draw(mask, x: left, y: top, color: color)
        return Rect(x: Double(left), y: Double(top), width: w, height: h)
    }

    mutating func drawAxisDecorations(xTicks: [Double], yTicks: [Double]) {
        let tickLength = style.tickMarksVisible ? style.tickLength * pt : 0
        let tickWidth = style.tickWidth * pt
        let pad = style.tickPad * pt
        let fontSize = style.fontSize
        let bottom = box.y + box.height
        var labelsBottom = bottom + tickLength
        var labelsLeft = box.x - tickLength

        let xLabels = labels(for: xTicks, override: axes.xTicks, limits: xLimits)
        let xAlignment: HorizontalAlignment
        switch axes.xTickAlignment {
        case .left: xAlignment = .left
        case .center: xAlignment = .center
        case .right: xAlignment = .right
        }
        for (tick, label) in zip(xTicks, xLabels.labels) {
            let x = pixelX(tick)
            if tickLength > 0 {
                verticalLine(x: x, from: bottom, to: bottom + tickLength, width: tickWidth, color: style.tickColor)
            }
            let rect = drawText(label, points: fontSize, at: Point(x: x, y: bottom + tickLength + pad),
                                horizontal: xAlignment, vertical: .top, color: style.textColor, degrees: axes.xTickRotation)
            labelsBottom = max(labelsBottom, rect.y + rect.height)
        }
        if !xLabels.multiplier.isEmpty {
            let rect = drawText(xLabels.multiplier, points: fontSize, at: Point(x: box.x + box.width, y: labelsBottom + pt),
                                horizontal: .right, vertical: .top, color: style.textColor)
            labelsBottom = rect.y + rect.height
        }

        let yLabels = labels(for: yTicks, override: axes.yTicks, limits: yLimits)
        let metrics = font.measure("0", points: fontSize, dpi: dpi)
        for (tick, label) in zip(yTicks, yLabels.labels) {
            let y = pixelY(tick)
            if tickLength > 0 {
                horizontalLine(y: y, from: box.x - tickLength, to: box.x, width: tickWidth, color: style.tickColor)
            }
            // matplotlib centres y tick labels on their baseline-to-ascent middle ("center_baseline").
            let rect = drawText(label, points: fontSize, at: Point(x: box.x - tickLength - pad, y: y + metrics.ascent / 2 - 0.5),
                                horizontal: .right, vertical: .baseline, color: style.textColor)
            labelsLeft = min(labelsLeft, rect.x)
        }
        if !yLabels.multiplier.isEmpty {
            drawText(yLabels.multiplier, points: fontSize, at: Point(x: box.x, y: box.y - pt * 2),
                     horizontal: .left, vertical: .bottom, color: style.textColor)
        }

        let labelPad = 4 * pt
        if let label = axes.xLabel {
            drawText(label.text, points: label.fontSize ?? fontSize,
                     at: Point(x: box.x + box.width / 2, y: labelsBottom + labelPad),
                     horizontal: .center, vertical: .top, color: style.textColor)
        }
        if let label = axes.yLabel {
            drawText(label.text, points: label.fontSize ?? fontSize,
                     at: Point(x: labelsLeft - labelPad, y: box.y + box.height / 2),
                     horizontal: .right, vertical: .center, color: style.textColor, rotated: true)
        }
        if let title = axes.title {
            drawText(title.text, points: title.fontSize ?? style.titleSize,
                     at: Point(x: box.x + box.width / 2, y: box.y - 6 * pt),
                     horizontal: .center, vertical: .baseline, color: style.textColor)
        }
    }

    /// Tick labels: the override's when it has labels (matched by position), else numbers.
    func labels(for ticks: [Double], override: TickOverride?, limits: (Double, Double)) -> TickLabels {
        var formatted = TickLabels(ticks: ticks, lower: limits.0, upper: limits.1)
        if let override, let names = override.labels {
            formatted.labels = ticks.map { tick in
                override.positions.firstIndex(of: tick).flatMap { $0 < names.count ? names[$0] : nil } ?? ""
            }
            formatted.multiplier = ""
        }
        return formatted
    }

    /// The legend, in the first of matplotlib's corners (upper right, upper left, lower left,
    /// lower right) that hides the fewest data points ("best").
    mutating func drawLegend() {
        var entries: [(String, PlotArtist)] = []
        for artist in axes.artists {
            let label: String?
            switch artist {
            case .bars(let s): label = s.label
            case .line(let s): label = s.label
            case .scatter(let s): label = s.label
            }
            if let label, !label.hasPrefix("_") { entries.append((label, artist)) }
        }
        guard !entries.isEmpty else { return }
        let fontSize = style.fontSize
        let em = fontSize * pt
        let metrics = entries.map { font.measure($0.0, points: fontSize, dpi: dpi) }
        let rowHeight = (metrics.map { $0.ascent + $0.descent }.max() ?? em)
        let textWidth = metrics.map(\.width).max() ?? 0
        let borderPad = 0.4 * em, spacing = 0.5 * em, handleLength = 2 * em, handlePad = 0.8 * em
        let width = 2 * borderPad + handleLength + handlePad + textWidth
        let height = 2 * borderPad + Double(entries.count) * rowHeight + Double(entries.count - 1) * spacing
        let inset = 0.5 * em
        let candidates = [
            Rect(x: box.x + box.width - inset - width, y: box.y + inset, width: width, height: height),
            Rect(x: box.x + inset, y: box.y + inset, width: width, height: height),
            Rect(x: box.x + inset, y: box.y + box.height - inset - height, width: width, height: height),
            Rect(x: box.x + box.width - inset - width, y: box.y + box.height - inset - height, width: width, height: height),
        ]
        let left = box.x + inset, right = box.x + box.width - inset - width
        let top = box.y + inset, bottom = box.y + box.height - inset - height
        let middleX = box.x + (box.width - width) / 2, middleY = box.y + (box.height - height) / 2
        let fixed: Rect?
        switch axes.legendLocation {
        case .best: fixed = nil
        case .upperRight: fixed = candidates[0]
        case .upperLeft: fixed = candidates[1]
        case .lowerLeft: fixed = candidates[2]
        case .lowerRight: fixed = candidates[3]
        case .right, .centerRight: fixed = Rect(x: right, y: middleY, width: width, height: height)
        case .centerLeft: fixed = Rect(x: left, y: middleY, width: width, height: height)
        case .lowerCenter: fixed = Rect(x: middleX, y: bottom, width: width, height: height)
        case .upperCenter: fixed = Rect(x: middleX, y: top, width: width, height: height)
        case .center: fixed = Rect(x: middleX, y: middleY, width: width, height: height)
        }
        let dataPoints = fixed == nil ? legendObstacles() : []
        var frame = fixed ?? candidates[0]
        var fewest = Int.max
        for candidate in fixed == nil ? candidates : [] {
            let hidden = dataPoints.filter {
                $0.x >= candidate.x && $0.x <= candidate.x + candidate.width && $0.y >= candidate.y && $0.y <= candidate.y + candidate.height
            }.count
            if hidden < fewest { fewest = hidden; frame = candidate }
        }
        frame = Rect(x: frame.x.rounded(), y: frame.y.rounded(), width: frame.width.rounded(), height: frame.height.rounded())
        canvas.fill(frame, color: Color.white.withAlpha(0.8))
        let edge = Color(grey: 0.8)
        canvas.stroke([Point(x: frame.x + 0.5, y: frame.y + 0.5), Point(x: frame.x + frame.width - 0.5, y: frame.y + 0.5),
                       Point(x: frame.x + frame.width - 0.5, y: frame.y + frame.height - 0.5),
                       Point(x: frame.x + 0.5, y: frame.y + frame.height - 0.5), Point(x: frame.x + 0.5, y: frame.y + 0.5)],
                      lineWidth: 1, color: edge)
        for (i, entry) in entries.enumerated() {
            let top = frame.y + borderPad + Double(i) * (rowHeight + spacing)
            let middle = top + rowHeight / 2
            let handleLeft = frame.x + borderPad
            switch entry.1 {
            case .bars(let bars):
                let h = 0.7 * em
                canvas.fill(Rect(x: handleLeft.rounded(), y: (middle - h / 2).rounded(), width: handleLength.rounded(), height: h.rounded()),
                            color: bars.color)
            case .line(let line):
                if line.lineStyle != .none {
                    let handle = [Point(x: handleLeft, y: middle), Point(x: handleLeft + handleLength, y: middle)]
                    for piece in Self.dashes(handle, style: line.lineStyle, lineWidth: line.lineWidth * pt) {
                        canvas.stroke(piece, lineWidth: line.lineWidth * pt, color: line.color, buttCaps: line.lineStyle != .solid)
                    }
                }
                if line.markers {
                    canvas.fillCircle(center: Point(x: handleLeft + handleLength / 2, y: middle),
                                      radius: line.markerSize * pt / 2, color: line.color)
                }
            case .scatter(let points):
                let area = points.areas.first ?? 36
                canvas.fillCircle(center: Point(x: handleLeft + handleLength / 2, y: middle),
                                  radius: area.squareRoot() * pt / 2, color: points.color)
            }
            drawText(entry.0, points: fontSize, at: Point(x: handleLeft + handleLength + handlePad, y: top),
                     horizontal: .left, vertical: .top, color: style.textColor)
        }
    }

    /// Pixel positions the legend should avoid covering: line vertices, markers, bar tops.
    func legendObstacles() -> [Point] {
        var points: [Point] = []
        for artist in axes.artists {
            switch artist {
            case .bars(let bars):
                for i in bars.lefts.indices {
                    let top = pixelY(bars.bottoms[i] + bars.heights[i])
                    let bottom = pixelY(bars.bottoms[i])
                    let x = pixelX(bars.lefts[i] + bars.widths[i] / 2)
                    // Sample the bar's extent so a tall bar counts as covering its column.
                    for k in 0...4 { points.append(Point(x: x, y: top + (bottom - top) * Double(k) / 4)) }
                }
            case .line(let line):
                points += zip(line.x, line.y).map { Point(x: pixelX($0), y: pixelY($1)) }
            case .scatter(let s):
                points += zip(s.x, s.y).map { Point(x: pixelX($0), y: pixelY($1)) }
            }
        }
        return points
    }
}
