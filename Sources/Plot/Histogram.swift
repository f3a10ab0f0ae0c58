/// How to choose histogram bins: a count of equal-width bins or explicit edges (numpy's `bins`).
public enum HistogramBins: Equatable, Sendable {
    /// `count` equal bins over the range (numpy's `bins=10`).
    case count(Int)
    /// Explicit edges, increasing: `n + 1` edges make `n` bins (numpy's `bins=[0, 1, 2.5]`).
    case edges([Double])
}

/// Counts of values in bins, with numpy's exact semantics (`numpy.histogram`).
///
/// Bins are half-open `[edges[i], edges[i+1])` except the last, which is closed; values outside
/// the range are ignored. With `.count(n)` the edges are `numpy.linspace(lo, hi, n + 1)` and the
/// range is `range` or the data's `[min, max]` (widened by ±0.5 when `min == max`, `[0, 1]` for
/// empty data). Computed in Float64 (numpy computes float32 data's edges in float32: edges of
/// such data may differ in the last bit).
public struct Histogram: Equatable, Sendable {
    /// `[binCount]`: the number of values in each bin, or the density when `density` was asked.
    public var counts: [Double]
    /// `[binCount + 1]`: the bin edges, increasing.
    public var edges: [Double]

    /// The largest number of equal bins accepted (10 million), so that a typo such as
    /// `bins=10**12` is a `MemoryError` rather than an allocation failure.
    public static let maximumBinCount = 10_000_000

    public init(counts: [Double], edges: [Double]) {
        self.counts = counts
        self.edges = edges
    }

    /// Bins `values`.
    ///
    /// - Parameters:
    ///   - values: the data, any order; NaN values fail the autodetected range (as numpy's do)
    ///     and are ignored when a range or edges are given.
    ///   - bins: equal bins (default 10) or explicit edges.
    ///   - range: `(lower, upper)` for equal bins; ignored with explicit edges (as in numpy).
    ///   - density: when true, `counts` become a probability density, `count / (total · width)`,
    ///     which integrates to 1 (NaN everywhere when no value falls in the bins, as numpy).
    /// - Throws: `PlotError(.value)` with numpy's messages: `autodetected range of [nan, nan] is
    ///   not finite`, `supplied range of [a, b] is not finite`, `max must be larger than min in
    ///   range parameter.`, `` `bins` must be positive, when an integer``, `` `bins` must increase
    ///   monotonically, when an array``.
    public init(values: [Double], bins: HistogramBins = .count(10), range: (Double, Double)? = nil,
                density: Bool = false) throws {
        switch bins {
        case .count(let count):
            guard count >= 1 else { throw PlotError(.value, "`bins` must be positive, when an integer") }
            guard count <= Histogram.maximumBinCount else {
                throw PlotError(.memory, "Unable to allocate \(count) histogram bins (at most \(Histogram.maximumBinCount))")
            }
            let (first, last) = try Self.outerEdges(values, range: range)
            var edges = [Double](repeating: 0, count: count + 1)
            let step = (last - first) / Double(count)
            for i in 0...count { edges[i] = Double(i) * step + first }
            edges[count] = last
            self.init(counts: Self.countUniform(values, edges: edges), edges: edges)
        case .edges(let edges):
            guard edges.count >= 2 else {
                throw PlotError(.value, "`bins` must have at least two edges, when an array")
            }
            for i in 1..<edges.count where !(edges[i - 1] <= edges[i]) {
                throw PlotError(.value, "`bins` must increase monotonically, when an array")
            }
            if let range { _ = try Self.outerEdges([], range: range) }
            self.init(counts: Self.countSorted(values, edges: edges), edges: edges)
        }
        if density {
            let total = counts.reduce(0, +)
            for i in counts.indices { counts[i] = counts[i] / (total * (edges[i + 1] - edges[i])) }
        }
    }

    /// numpy's `_get_outer_edges`.
    private static func outerEdges(_ values: [Double], range: (Double, Double)?) throws -> (Double, Double) {
        var first: Double, last: Double
        if let (lower, upper) = range {
            guard lower <= upper || lower.isNaN || upper.isNaN else {
                throw PlotError(.value, "max must be larger than min in range parameter.")
            }
            guard lower.isFinite, upper.isFinite else {
                throw PlotError(.value, "supplied range of [\(format(lower)), \(format(upper))] is not finite")
            }
            (first, last) = (lower, upper)
        } else if values.isEmpty {
            (first, last) = (0, 1)
        } else {
            // numpy's min/max propagate NaN.
            first = values[0]
            last = values[0]
            for v in values {
                if v.isNaN { first = .nan; last = .nan; break }
                if v < first { first = v }
                if v > last { last = v }
            }
            guard first.isFinite, last.isFinite else {
                throw PlotError(.value, "autodetected range of [\(format(first)), \(format(last))] is not finite")
            }
        }
        if first == last {
            first -= 0.5
            last += 0.5
        }
        return (first, last)
    }

    /// numpy's fast path for equal bins: a scaled index, corrected by one against the edges.
    private static func countUniform(_ values: [Double], edges: [Double]) -> [Double] {
        let binCount = edges.count - 1
        let first = edges[0], last = edges[binCount]
        let width = last - first
        var counts = [Double](repeating: 0, count: binCount)
        for v in values where v >= first && v <= last {
            var index = Int((v - first) / width * Double(binCount))
            if index >= binCount { index = binCount - 1 }
            if index < 0 { index = 0 }
            if v < edges[index] { index -= 1 }
            if index >= 0, index + 1 <= binCount, v >= edges[index + 1], index != binCount - 1 { index += 1 }
            if index >= 0, index < binCount { counts[index] += 1 }
        }
        return counts
    }

    /// numpy's general path: `searchsorted` of the sorted data against each edge.
    private static func countSorted(_ values: [Double], edges: [Double]) -> [Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        func position(_ edge: Double, right: Bool) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if right ? sorted[mid] <= edge : sorted[mid] < edge { low = mid + 1 } else { high = mid }
            }
            return low
        }
        var cumulative = edges.dropLast().map { position($0, right: false) }
        if let lastEdge = edges.last { cumulative.append(position(lastEdge, right: true)) }
        return (0..<(edges.count - 1)).map { Double(cumulative[$0 + 1] - cumulative[$0]) }
    }

    /// Python's `str(float)` for messages.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e16 { return "\(Int(value)).0" }
        return "\(value)"
    }
}
