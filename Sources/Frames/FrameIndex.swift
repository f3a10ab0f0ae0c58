import Tensor

/// The row labels of a DataFrame or Series: pandas' `RangeIndex` (0, 1, …) or an index of
/// explicit labels (int64 after `sample`, values after `value_counts`, str after `describe`).
public struct FrameIndex: Equatable {
    /// Number of rows.
    public private(set) var count: Int
    /// Explicit labels (1-D), or nil for a RangeIndex `0..<count`.
    public private(set) var labels: NDArray?
    /// The index's name (pandas `index.name`), shown above the labels when set.
    public var name: String?

    /// `RangeIndex(count)`.
    public static func range(_ count: Int) -> FrameIndex { FrameIndex(count: count, labels: nil, name: nil) }

    /// An index of explicit labels (a 1-D array).
    public init(labels: NDArray, name: String? = nil) {
        self.count = labels.count
        self.labels = labels.flattened
        self.name = name
    }

    private init(count: Int, labels: NDArray?, name: String?) {
        self.count = count
        self.labels = labels
        self.name = name
    }

    /// Whether this is a RangeIndex.
    public var isRange: Bool { labels == nil }

    /// The labels as an array (a RangeIndex materialised as int64).
    public var labelArray: NDArray { labels ?? NDArray(Array(0..<count)) }

    /// The label of row `position`.
    public func label(at position: Int) -> NDArrayScalar {
        labels?.scalar(at: position) ?? .int64(position)
    }

    /// The index of the rows at `positions` (pandas `take`): explicit labels.
    public func taking(_ positions: [Int]) -> FrameIndex {
        if labels == nil, positions == Array(positions.first.map { $0..<($0 + positions.count) } ?? 0..<0),
           positions.first == 0 {
            return .range(positions.count)
        }
        var taken = FrameIndex(labels: labelArray.taking(positions), name: name)
        taken.name = name
        return taken
    }

    /// The position of the first row labelled `label`, or nil.
    public func position(of label: NDArrayScalar) -> Int? {
        guard let labels = labels else {
            if case .int64(let i) = label, i >= 0, i < count { return i }
            return nil
        }
        for i in 0..<labels.count where labels.scalar(at: i) == label { return i }
        if case .int64(let i) = label {
            for k in 0..<labels.count where labels.scalar(at: k) == .float64(Double(i)) { return k }
        }
        return nil
    }
}
