/// The plotting area of a figure: its series, labels, limits, grid and legend.
///
/// Each new series without an explicit colour takes the next colour of matplotlib's default
/// cycle (`#1f77b4`, `#ff7f0e`, …). Limits not set explicitly are the data's range widened by
/// matplotlib's 5 % margins, except that bars keep their base (0) as the lower y limit.
public final class Axes {
    public private(set) var artists: [PlotArtist] = []
    public var title: PlotText?
    public var xLabel: PlotText?
    public var yLabel: PlotText?
    /// Explicit x limits `(left, right)`; either side `nil` stays automatic.
    public var xLimits: (lower: Double?, upper: Double?) = (nil, nil)
    /// Explicit y limits `(bottom, top)`; either side `nil` stays automatic.
    public var yLimits: (lower: Double?, upper: Double?) = (nil, nil)
    /// Grid on/off; `nil` follows the style (on for whitegrid/darkgrid).
    public var gridVisible: Bool?
    /// Fixed x tick positions and, optionally, their labels (matplotlib's `xticks(ticks, labels)`);
    /// `nil` for automatic ticks.
    public var xTicks: TickOverride?
    /// Fixed y tick positions and labels; `nil` for automatic ticks.
    public var yTicks: TickOverride?
    /// Rotation of the x tick labels in degrees, counter-clockwise (`xticks(rotation=90)`).
    public var xTickRotation = 0.0
    /// How rotated x tick labels align on their tick (matplotlib's `ha`): centre by default.
    public var xTickAlignment = TickLabelAlignment.center
    /// Category names on the x axis, in order: category `i` sits at x = `i` (matplotlib's
    /// categorical axis, used by `bar` with string x values).
    public private(set) var xCategories: [String] = []
    /// Whether a legend is drawn (matplotlib's `legend()`), for the series that have labels.
    public var legendVisible = false
    /// Where the legend goes (matplotlib's `loc`): the best corner by default.
    public var legendLocation = LegendLocation.best
    private var cycleIndex = 0

    public init() {}

    /// The next colour of the default cycle (advances the cycle).
    public func nextColor() -> Color {
        let color = Color.defaultCycle[cycleIndex % Color.defaultCycle.count]
        cycleIndex += 1
        return color
    }

    /// The x positions of `names` on the categorical axis, adding new names at the end, and
    /// ticks labelled with every category.
    public func categoryPositions(_ names: [String]) -> [Double] {
        let positions = names.map { name -> Double in
            if let index = xCategories.firstIndex(of: name) { return Double(index) }
            xCategories.append(name)
            return Double(xCategories.count - 1)
        }
        xTicks = TickOverride(positions: xCategories.indices.map(Double.init), labels: xCategories)
        return positions
    }

    /// Removes every series and label and resets limits and the colour cycle (matplotlib's `cla()`).
    public func clear() {
        artists = []
        title = nil
        xLabel = nil
        yLabel = nil
        xLimits = (nil, nil)
        yLimits = (nil, nil)
        gridVisible = nil
        legendVisible = false
        xTicks = nil
        yTicks = nil
        xTickRotation = 0
        xTickAlignment = .center
        xCategories = []
        cycleIndex = 0
    }

    /// Draws a histogram of `values` as bars (matplotlib's `hist`) and returns its counts and
    /// edges, computed exactly as `numpy.histogram` (see `Histogram`).
    /// - Parameters:
    ///   - color: bar colour (default: the next cycle colour); `alpha` multiplies its opacity.
    ///   - edgeColor: bar outline (default: the style's).
    /// - Throws: `Histogram`'s `PlotError(.value)`s, e.g. for NaN data with an automatic range.
    @discardableResult
    public func hist(_ values: [Double], bins: HistogramBins = .count(10), range: (Double, Double)? = nil,
                     density: Bool = false, color: Color? = nil, alpha: Double? = nil,
                     edgeColor: Color? = nil, label: String? = nil) throws -> Histogram {
        let histogram = try Histogram(values: values, bins: bins, range: range, density: density)
        let n = histogram.counts.count
        var fill = color ?? nextColor()
        if let alpha { fill = fill.withAlpha(alpha) }
        let lefts = Array(histogram.edges.prefix(n))
        let widths = (0..<n).map { histogram.edges[$0 + 1] - histogram.edges[$0] }
        artists.append(.bars(BarSeries(lefts: lefts, widths: widths, bottoms: Array(repeating: 0, count: n),
                                       heights: histogram.counts, color: fill, edgeColor: edgeColor,
                                       edgeWidth: nil, label: label)))
        return histogram
    }

    /// Draws a line through `(x[i], y[i])` (matplotlib's `plot`); `x` defaults to `0..<y.count`.
    /// - Throws: `PlotError(.value)` `x and y must have same first dimension, but have shapes
    ///   (3,) and (2,)` (matplotlib's wording).
    public func plot(x: [Double]? = nil, y: [Double], color: Color? = nil, lineWidth: Double = 1.5,
                     lineStyle: LineStyle = .solid, markers: Bool = false, markerSize: Double = 6,
                     alpha: Double? = nil, label: String? = nil) throws {
        let xs = x ?? y.indices.map(Double.init)
        guard xs.count == y.count else {
            throw PlotError(.value, "x and y must have same first dimension, but have shapes (\(xs.count),) and (\(y.count),)")
        }
        var stroke = color ?? nextColor()
        if let alpha { stroke = stroke.withAlpha(alpha) }
        artists.append(.line(LineSeries(x: xs, y: y, color: stroke, lineWidth: lineWidth, lineStyle: lineStyle,
                                        markers: markers, markerSize: markerSize, label: label)))
    }

    /// Draws markers at `(x[i], y[i])` (matplotlib's `scatter`); `sizes` in points², one for
    /// all or one per point (default 36).
    /// - Throws: `PlotError(.value)` `x and y must be the same size` or for a sizes mismatch.
    public func scatter(x: [Double], y: [Double], sizes: [Double] = [36], color: Color? = nil,
                        alpha: Double? = nil, label: String? = nil) throws {
        guard x.count == y.count else { throw PlotError(.value, "x and y must be the same size") }
        guard sizes.count == 1 || sizes.count == x.count else {
            throw PlotError(.value, "s must be a scalar, or float array-like with the same size as x and y")
        }
        var fill = color ?? nextColor()
        if let alpha { fill = fill.withAlpha(alpha) }
        let areas = sizes.count == 1 ? Array(repeating: sizes[0], count: x.count) : sizes
        artists.append(.scatter(ScatterSeries(x: x, y: y, areas: areas, color: fill, label: label)))
    }

    /// Draws bars of `heights` centred on `x` (matplotlib's `bar`, `align='center'`).
    /// - Throws: `PlotError(.value)` when the lengths differ (a scalar height or width is
    ///   broadcast).
    public func bar(x: [Double], heights: [Double], width: [Double] = [0.8], bottom: [Double] = [0],
                    color: Color? = nil, alpha: Double? = nil, edgeColor: Color? = nil,
                    label: String? = nil) throws {
        func broadcast(_ values: [Double], _ name: String) throws -> [Double] {
            if values.count == x.count { return values }
            if values.count == 1 { return Array(repeating: values[0], count: x.count) }
            throw PlotError(.value, "shape mismatch: objects cannot be broadcast to a single shape: \(name) has \(values.count) values for \(x.count) bars")
        }
        let h = try broadcast(heights, "height"), w = try broadcast(width, "width"), b = try broadcast(bottom, "bottom")
        var fill = color ?? nextColor()
        if let alpha { fill = fill.withAlpha(alpha) }
        let lefts = zip(x, w).map { $0 - $1 / 2 }
        artists.append(.bars(BarSeries(lefts: lefts, widths: w, bottoms: b, heights: h, color: fill,
                                       edgeColor: edgeColor, edgeWidth: nil, label: label)))
    }

    /// Whether any series has a label a legend would show (not starting with `_`).
    public var hasLabeledSeries: Bool {
        artists.contains { artist in
            let label: String?
            switch artist {
            case .bars(let s): label = s.label
            case .line(let s): label = s.label
            case .scatter(let s): label = s.label
            }
            return label.map { !$0.hasPrefix("_") } ?? false
        }
    }

    /// Gives the series, in drawing order, the labels `labels` (matplotlib's `legend(labels)`);
    /// extra series keep theirs, extra labels are ignored.
    public func setLabels(_ labels: [String]) {
        for (i, label) in zip(artists.indices, labels) {
            switch artists[i] {
            case .bars(var s): s.label = label; artists[i] = .bars(s)
            case .line(var s): s.label = label; artists[i] = .line(s)
            case .scatter(var s): s.label = label; artists[i] = .scatter(s)
            }
        }
    }

    /// The x and y limits the axes will show: explicit limits where set, otherwise the data range
    /// with 5 % margins (bars stick to their base), `(0, 1)` when there is no data.
    public func viewLimits() -> (x: (Double, Double), y: (Double, Double)) {
        var xData: [Double] = [], yData: [Double] = []
        var yStickies: [Double] = []
        for artist in artists {
            switch artist {
            case .bars(let bars):
                for i in bars.lefts.indices {
                    xData += [bars.lefts[i], bars.lefts[i] + bars.widths[i]]
                    yData += [bars.bottoms[i], bars.bottoms[i] + bars.heights[i]]
                    yStickies.append(bars.bottoms[i])
                }
            case .line(let line):
                xData += line.x
                yData += line.y
            case .scatter(let points):
                xData += points.x
                yData += points.y
            }
        }
        let x = Self.limits(xData.filter(\.isFinite), stickies: [], explicit: xLimits)
        let y = Self.limits(yData.filter(\.isFinite), stickies: yStickies, explicit: yLimits)
        return (x, y)
    }

    private static func limits(_ data: [Double], stickies: [Double], explicit: (lower: Double?, upper: Double?)) -> (Double, Double) {
        var lower = 0.0, upper = 1.0
        if let low = data.min(), let high = data.max() {
            lower = low
            upper = high
            if lower == upper {
                // matplotlib's `nonsingular(expander=0.05)` before margins.
                if lower == 0 { (lower, upper) = (-0.05, 0.05) } else {
                    lower -= 0.05 * abs(lower)
                    upper += 0.05 * abs(upper)
                }
            }
            let delta = (upper - lower) * 0.05
            var marginLower = lower - delta, marginUpper = upper + delta
            if let sticky = stickies.filter({ $0 >= marginLower && $0 <= lower }).min() { marginLower = sticky }
            if let sticky = stickies.filter({ $0 <= marginUpper && $0 >= upper }).max() { marginUpper = sticky }
            (lower, upper) = (marginLower, marginUpper)
        }
        if let low = explicit.lower { lower = low }
        if let high = explicit.upper { upper = high }
        if lower == upper {
            lower -= lower == 0 ? 0.05 : 0.05 * abs(lower)
            upper += upper == 0 ? 0.05 : 0.05 * abs(upper)
        }
        return (lower, upper)
    }
}

/// Explicit tick positions, with labels or `nil` to format the positions as numbers.
public struct TickOverride: Equatable, Sendable {
    public var positions: [Double]
    public var labels: [String]?
    public init(positions: [Double], labels: [String]? = nil) {
        self.positions = positions
        self.labels = labels
    }
}

/// Horizontal alignment of a (rotated) x tick label's box on its tick (matplotlib's `ha`).
public enum TickLabelAlignment: String, Sendable {
    case left, center, right
}

/// matplotlib's legend locations (`loc='upper left'` or its code 0…10).
public enum LegendLocation: String, CaseIterable, Sendable {
    case best, upperRight = "upper right", upperLeft = "upper left", lowerLeft = "lower left",
         lowerRight = "lower right", right, centerLeft = "center left", centerRight = "center right",
         lowerCenter = "lower center", upperCenter = "upper center", center

    /// The location of matplotlib's numeric code (`loc=2` is upper left), `nil` when out of range.
    public init?(code: Int) {
        guard code >= 0, code < Self.allCases.count else { return nil }
        self = Self.allCases[code]
    }
}
