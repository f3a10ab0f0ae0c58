import Foundation

/// Tick positions and labels for a linear axis, following matplotlib's `AutoLocator`
/// (`MaxNLocator` with steps 1, 2, 2.5, 5, 10) and `ScalarFormatter`.
public enum TickLocator {
    /// "Nice" tick positions covering `lower...upper`, at most about `maximumBins + 1` of them,
    /// spaced by 1, 2, 2.5 or 5 times a power of ten; only those inside the interval are returned.
    ///
    /// Follows matplotlib's `MaxNLocator._raw_ticks` (min_n_ticks 2) and `scale_range`.
    public static func ticks(lower: Double, upper: Double, maximumBins: Int = 9) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        var (vmin, vmax) = (min(lower, upper), max(lower, upper))
        if vmax - vmin <= 1e-14 * max(abs(vmin), abs(vmax), 1e-300) {
            // matplotlib's `nonsingular(expander=1e-13)`.
            if vmin == 0 && vmax == 0 { (vmin, vmax) = (-1e-13, 1e-13) } else {
                vmin -= 1e-13 * abs(vmin)
                vmax += 1e-13 * abs(vmax)
            }
        }
        let bins = max(1, maximumBins)
        let span = vmax - vmin
        guard span.isFinite, span > 0 else { return [] }
        let mean = (vmax + vmin) / 2
        var offset = 0.0
        if abs(mean) / span >= 100 {
            offset = (mean < 0 ? -1 : 1) * pow(10, floor(log10(abs(mean))))
        }
        let scale = pow(10, floor(log10(span / Double(bins))))
        let lo = vmin - offset, hi = vmax - offset
        let steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20].map { $0 * scale }
        let rawStep = (hi - lo) / Double(bins)
        let firstLarge = steps.firstIndex { $0 >= rawStep } ?? (steps.count - 1)
        var ticks: [Double] = []
        for step in steps[0...firstLarge].reversed() {
            let best = (lo / step).rounded(.down) * step
            let tolerance = edgeTolerance(step: step, offset: offset)
            let low = edgeBelow(lo - best, step: step, tolerance: tolerance)
            let high = edgeAbove(hi - best, step: step, tolerance: tolerance)
            guard low.isFinite, high.isFinite, high - low < 1000 else { return [] }
            ticks = stride(from: low, through: high, by: 1).map { $0 * step + best }
            let inside = ticks.filter { $0 <= hi && $0 >= lo }.count
            if inside >= 2 { break }
        }
        let span14 = (vmax - vmin) * 1e-10
        return ticks.map { $0 + offset }.filter { $0 >= vmin - span14 && $0 <= vmax + span14 }
    }

    private static func edgeTolerance(step: Double, offset: Double) -> Double {
        guard offset > 0 else { return 1e-10 }
        let digits = log10(offset / step)
        return min(0.4999, max(1e-10, pow(10, digits - 12)))
    }

    private static func edgeBelow(_ x: Double, step: Double, tolerance: Double) -> Double {
        let d = (x / step).rounded(.down)
        let m = x - d * step
        return abs(m / step - 1) < tolerance ? d + 1 : d
    }

    private static func edgeAbove(_ x: Double, step: Double, tolerance: Double) -> Double {
        let d = (x / step).rounded(.down)
        let m = x - d * step
        return abs(m / step) < tolerance ? d : d + 1
    }
}

/// Tick labels as matplotlib's `ScalarFormatter` writes them: one number of decimals for all
/// ticks (just enough to tell them apart), a Unicode minus sign (U+2212), and a shared power of
/// ten (`1e6`, shown once at the end of the axis) when the largest tick is ≥ 10⁶ or < 10⁻⁵.
public struct TickLabels: Equatable, Sendable {
    /// One label per tick, in order.
    public var labels: [String]
    /// The shared multiplier written at the axis end (`"1e6"`), or `""`.
    public var multiplier: String

    /// Formats `ticks` (the visible ones) for an axis showing `lower...upper`.
    public init(ticks: [Double], lower: Double, upper: Double) {
        var locations = ticks
        if locations.count < 2 { locations += [lower, upper] }
        let largest = ticks.map(abs).max() ?? 0
        var order = 0
        if largest > 0 {
            let magnitude = Int(floor(log10(largest)))
            if magnitude <= -5 || magnitude >= 6 { order = magnitude }
        }
        let scaled = locations.map { $0 / pow(10, Double(order)) }
        var range = (scaled.max() ?? 0) - (scaled.min() ?? 0)
        if range == 0 { range = scaled.map(abs).max() ?? 0 }
        if range == 0 { range = 1 }
        let rangeOrder = Int(floor(log10(range)))
        var decimals = max(0, 3 - rangeOrder)
        let threshold = 1e-3 * pow(10, Double(rangeOrder))
        let shown = ticks.count < 2 ? Array(scaled.prefix(ticks.count)) : scaled
        while decimals >= 0 {
            let factor = pow(10, Double(decimals))
            let error = shown.map { abs($0 - ($0 * factor).rounded() / factor) }.max() ?? 0
            if error < threshold { decimals -= 1 } else { break }
        }
        decimals += 1
        labels = ticks.map { tick in
            let value = tick / pow(10, Double(order))
            var text = String(format: "%.\(decimals)f", value)
            if text.hasPrefix("-") {
                let digits = text.dropFirst()
                text = digits.allSatisfy { $0 == "0" || $0 == "." } ? String(digits) : "\u{2212}" + digits
            }
            return text
        }
        multiplier = order == 0 ? "" : "1e\(order)".replacingOccurrences(of: "-", with: "\u{2212}")
    }
}
